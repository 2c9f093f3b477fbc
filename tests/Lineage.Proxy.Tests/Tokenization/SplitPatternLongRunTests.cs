using System.Text.RegularExpressions;
using Lineage.Proxy.Tokenization;

namespace Lineage.Proxy.Tests.Tokenization;

/// <summary>
/// Split on a megabyte of one character class. A scan that re-counts a run at every position (as the digit branch
/// once did) needs ~10^12 steps here and never finishes inside the hang guard; a linear one takes milliseconds.
/// The pieces are checked against .NET's regex engine running the tokenizer.json pattern itself, which agrees with
/// the Rust engines on ASCII input (the inputs here are ASCII, so its UTF-16 view is not an issue).
/// </summary>
[Trait("Category", "Unit")]
public class SplitPatternLongRunTests
{
    private const int Megabyte = 1 << 20;

    // Generous: the linear scan needs well under a second even on a busy 2-core machine.
    private static readonly TimeSpan HangGuard = TimeSpan.FromSeconds(90);

    public static TheoryData<string, char> Runs() => new()
    {
        { "qwen2", '7' }, { "qwen2", ' ' }, { "qwen2", '\n' },
        { "llama3", '7' }, { "llama3", ' ' }, { "llama3", '\n' },
    };

    private static SplitPattern Pattern(string name) => name == "qwen2" ? SplitPattern.Qwen2 : SplitPattern.Llama3;

    private static async Task<T> Guarded<T>(Func<T> work) => await Task.Run(work).WaitAsync(HangGuard);

    private static List<(int Start, int Length)> Reference(SplitPattern pattern, string text) =>
        Regex.Matches(text, pattern.Regex).Select(m => (m.Index, m.Length)).ToList();

    [Theory]
    [MemberData(nameof(Runs))]
    public async Task a_megabyte_run_splits_as_the_regex_does(string pattern, char c)
    {
        var text = new string(c, Megabyte);
        var pieces = await Guarded(() => Pattern(pattern).Split(text));
        var actual = pieces.Select(r => (r.Start.Value, r.End.Value - r.Start.Value)).ToList();
        Assert.Equal(Reference(Pattern(pattern), text), actual);
    }

    [Theory]
    [MemberData(nameof(Runs))]
    public async Task a_megabyte_run_before_a_word_splits_as_the_regex_does(string pattern, char c)
    {
        // Runs that end in something else exercise the give-back branches (\s+(?!\S), the line-break backtrack).
        var text = "x" + new string(c, Megabyte) + "word";
        var pieces = await Guarded(() => Pattern(pattern).Split(text));
        var actual = pieces.Select(r => (r.Start.Value, r.End.Value - r.Start.Value)).ToList();
        Assert.Equal(Reference(Pattern(pattern), text), actual);
    }

    [Fact]
    public async Task a_megabyte_of_digits_encodes_as_the_digits_do_one_by_one()
    {
        // Qwen cuts digits singly and Llama 3 in threes, so the ids are the short numbers' ids repeated: those are
        // pinned by the reference fixtures the tokenizer tests compare with.
        var digits = new string('7', Megabyte);
        var qwen = await Guarded(() => TokenizerFixtures.Qwen.Encode(digits));
        Assert.Equal(Megabyte, qwen.Length);
        Assert.All(qwen, id => Assert.Equal(TokenizerFixtures.Qwen.Encode("7").Single(), id));

        var llama = await Guarded(() => TokenizerFixtures.Llama3.Encode(digits));
        var three = TokenizerFixtures.Llama3.Encode("777").Single();
        var rest = TokenizerFixtures.Llama3.Encode(new string('7', Megabyte % 3)).Single();
        Assert.Equal([.. Enumerable.Repeat(three, Megabyte / 3), rest], llama);
    }
}
