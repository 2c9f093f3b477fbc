using Lineage.Proxy.Tokenization;

namespace Lineage.Proxy.Tests.Tokenization;

/// <summary>
/// Pieces the Qwen2 / Llama 3 regex cuts text into. Most expectations are the
/// regex's well-known behaviour; the engine-specific ones follow the Rust engines
/// the vocabularies were trained with (Oniguruma, the regex crate).
/// </summary>
[Trait("Category", "Unit")]
public class SplitPatternTests
{
    private static string[] Qwen(string text) => Pieces(SplitPattern.Qwen2, text);

    private static string[] Llama3(string text) => Pieces(SplitPattern.Llama3, text);

    private static string[] Pieces(SplitPattern pattern, string text) =>
        pattern.Split(text).Select(range => text[range]).ToArray();

    [Fact]
    public void a_word_keeps_one_leading_space_or_punctuation_mark() =>
        Assert.Equal(["Hello", ",", " world", "(x", ")"], Qwen("Hello, world(x)"));

    [Fact]
    public void contractions_split_off_in_any_case() =>
        Assert.Equal(["DON", "'T", " it", "'s", " we", "'LL"], Qwen("DON'T it's we'LL"));

    [Fact]
    public void a_contraction_wins_over_a_longer_word() =>
        Assert.Equal(["'s", "up"], Qwen("'sup"));

    [Fact]
    public void qwen_splits_numbers_into_single_digits() =>
        Assert.Equal(["1", "2", "3", "4"], Qwen("1234"));

    [Fact]
    public void llama3_splits_numbers_into_runs_of_three() =>
        Assert.Equal(["123", "456", "7"], Llama3("1234567"));

    [Fact]
    public void spaces_before_a_word_leave_the_last_one_to_the_word() =>
        Assert.Equal(["a", "  ", " b"], Qwen("a   b"));

    [Fact]
    public void whitespace_runs_end_after_their_last_line_break() =>
        Assert.Equal(["x", "  \n\n", " ", " y"], Qwen("x  \n\n  y"));

    [Fact]
    public void punctuation_takes_the_line_breaks_that_follow_it() =>
        Assert.Equal(["end", ".\n\n", "Next"], Qwen("end.\n\nNext"));

    [Fact]
    public void trailing_whitespace_stays_one_piece() =>
        Assert.Equal(["x", "   "], Qwen("x   "));

    [Fact]
    public void letters_outside_the_basic_plane_are_letters() =>
        Assert.Equal(["a\U0001D465b", " \U00020000\U00020001"], Qwen("a\U0001D465b \U00020000\U00020001"));

    [Fact]
    public void a_byte_order_mark_is_not_whitespace_but_next_line_is()
    {
        // Unicode White_Space, as in Oniguruma and Rust's regex. JavaScript's \s
        // differs on both: it gives ["a", "\uFEFF", "!"] and ["a", "  ", " \u0085"].
        Assert.Equal(["a", "\uFEFF!"], Qwen("a\uFEFF!"));
        Assert.Equal(["a", "   \u0085"], Qwen("a   \u0085"));
    }

    [Fact]
    public void long_s_is_folded_to_s_in_contractions() =>
        // Case-insensitive matching folds U+017F to s; JavaScript's rewritten regex gives ["'\u017Fup"].
        Assert.Equal(["'\u017F", "up"], Qwen("'\u017Fup"));

    [Fact]
    public void pieces_cover_the_text_without_gaps()
    {
        const string text = "  Mixed\tindentation\n\t  and   spacing \n\n\n  everywhere 123 \u00e9\u0301 \uD83D\uDC4D!! ";

        Assert.Equal(text, string.Concat(Qwen(text)));
    }

    [Fact]
    public void an_unknown_regex_is_refused() =>
        Assert.Throws<NotSupportedException>(() => SplitPattern.ForRegex(@"\w+"));
}
