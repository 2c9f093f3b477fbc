using Lineage.Generators.Prompts;

namespace Lineage.Generators.Tests.Limits;

/// <summary>
/// A teacher's reply is untrusted: a megabyte of digits, of spaces, of newlines (and headers padded with them) is
/// parsed, not hung on. The wait is a hang guard, not a timing assertion: linear parsing takes well under a second.
/// </summary>
[Trait("Category", "Unit")]
public class HostileReplySpecs
{
    private const int Megabyte = 1 << 20;
    private static readonly TimeSpan HangGuard = TimeSpan.FromMinutes(2);

    private static Task<ProblemParseResult> ParseAsync(string reply) => Task.Run(() => ProblemParser.Parse(reply)).WaitAsync(HangGuard);

    public static TheoryData<string> Floods => ["digits", "spaces", "newlines", "tabs-and-spaces", "header-without-number"];

    private static string Flood(string kind) => kind switch
    {
        "digits" => new string('7', Megabyte),
        "spaces" => new string(' ', Megabyte),
        "newlines" => new string('\n', Megabyte),
        // A header that never finds its number: a backtracking engine tries every split of the blanks between its loops.
        "header-without-number" => "**Problem" + string.Concat(Enumerable.Repeat(" \t", Megabyte / 2)) + "?",
        _ => string.Concat(Enumerable.Repeat(" \t", Megabyte / 2)),
    };

    [Theory]
    [MemberData(nameof(Floods))]
    public async Task a_megabyte_flood_is_refused_with_a_reason(string kind)
    {
        var result = await ParseAsync(Flood(kind));
        Assert.False(result.Succeeded);
        Assert.False(string.IsNullOrWhiteSpace(result.FailureReason));
    }

    [Theory]
    [MemberData(nameof(Floods))]
    public async Task headers_padded_with_blanks_and_followed_by_a_flood_still_yield_their_problems(string kind)
    {
        // Blanks between the header's parts are what the header pattern's adjacent [ \t]* loops see.
        var pad = Flood("tabs-and-spaces");
        var reply = $"Problem{pad}1:{pad}What is the sum of the first 10 positive odd integers?\n\n"
            + $"Problem{pad}2:{pad}How many ways can 5 books be arranged on a shelf?\n\n{Flood(kind)}";
        var result = await ParseAsync(reply);
        Assert.True(result.Succeeded, result.FailureReason);
        Assert.Equal(ProblemListFormat.Headers, result.Format);
        Assert.Equal(2, result.Problems.Count);
        Assert.Equal("What is the sum of the first 10 positive odd integers?", result.Problems[0]);
        Assert.StartsWith("How many ways can 5 books be arranged on a shelf?", result.Problems[1]);
    }

    [Fact]
    public async Task a_megabyte_of_numbered_lines_is_one_list_read_once()
    {
        var reply = string.Concat(Enumerable.Range(1, 999).Select(i => $"{i}. Compute {i} plus {i} and then double the result.\n"))
            + new string('9', Megabyte);
        var result = await ParseAsync(reply);
        Assert.True(result.Succeeded, result.FailureReason);
        Assert.Equal(ProblemListFormat.NumberedList, result.Format);
        Assert.Equal("Compute 1 plus 1 and then double the result.", result.Problems[0]);
    }
}
