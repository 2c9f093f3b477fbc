using Lineage.Generators.Verification;
using Lineage.Generators.Verification.Grading;

namespace Lineage.Generators.Tests.Verification;

/// <summary>
/// Extraction scans a megabyte line of one character (or of "\boxed{") in linear time. The
/// minute-long timeout only guards against a hang; the assertions are on what was extracted.
/// </summary>
[Trait("Category", "Unit")]
public class HostileExtractionSpecs
{
    private const int Megabyte = 1 << 20;
    private static readonly TimeSpan HangGuard = TimeSpan.FromMinutes(1);

    private static async Task<GradeResult> Graded(string gold, string pred)
    {
        using var cts = new CancellationTokenSource(HangGuard);
        return await Task.Run(() => MathGrader.Grade(gold, pred), cts.Token).WaitAsync(cts.Token);
    }

    [Fact]
    public async Task a_megabyte_of_digits_is_one_number_too_long_to_parse_and_compared_as_text()
    {
        var digits = new string('7', Megabyte);
        var result = await Graded("7", digits);
        Assert.False(result.Equal);
        Assert.Equal(digits, result.Pred);
        Assert.True((await Graded(digits, digits)).Equal);
    }

    [Theory]
    [InlineData(' ')]
    [InlineData('\n')]
    [InlineData('{')]
    [InlineData('$')]
    public async Task a_megabyte_of_one_character_has_no_answer(char c)
    {
        var result = await Graded("5", new string(c, Megabyte));
        Assert.False(result.Equal);
        Assert.Null(result.Pred);
    }

    [Fact]
    public async Task a_megabyte_of_unclosed_boxes_has_no_answer_and_no_box()
    {
        var text = string.Concat(Enumerable.Repeat("\\boxed{", Megabyte / 7));
        Assert.Null((await Graded("5", text)).Pred);
        using var cts = new CancellationTokenSource(HangGuard);
        Assert.Null(await Task.Run(() => BoxedAnswer.ExtractLast(text), cts.Token).WaitAsync(cts.Token));
    }

    [Fact]
    public async Task closed_boxes_and_long_sums_still_yield_their_last_answer()
    {
        // Boxes a few characters apart are one answer (math-verify joins them); prose between them separates them.
        var adjacent = string.Concat(Enumerable.Repeat("\\boxed{3} ", Megabyte / 10)) + "\\boxed{5}";
        Assert.Equal("3,5", (await Graded("5", adjacent)).Pred);
        var apart = string.Concat(Enumerable.Repeat("\\boxed{3} was a draft, and the count below corrects it after checking every case again. ", Megabyte / 90)) + "\\boxed{5}";
        Assert.True((await Graded("5", apart)).Equal);
        var sums = string.Concat(Enumerable.Repeat("1 + ", Megabyte / 4)) + "so the answer is 9";
        var result = await Graded("9", sums);
        Assert.True(result.Equal, result.Pred);
    }
}
