using Lineage.Generators.Verification;

namespace Lineage.Generators.Tests.Verification;

[Trait("Category", "Unit")]
public class AnswerNormalizerSpecs
{
    [Theory]
    [InlineData("  42  ", "42")]
    [InlineData("\\left( 1, 2 \\right)", "(1,2)")]
    [InlineData("\\dfrac{3}{4}", "\\frac{3}{4}")]
    [InlineData("\\tfrac34", "\\frac{3}{4}")]
    [InlineData("1,000,000", "1000000")]
    [InlineData("1{,}000", "1000")]
    [InlineData("\\$12.50", "12.50")]
    [InlineData("12 dollars", "12")]
    [InlineData("5\\text{ meters}", "5")]
    [InlineData("3 \\text{cm}^2", "3")]
    [InlineData("90^\\circ", "90")]
    [InlineData("90°", "90")]
    [InlineData("25\\%", "25")]
    [InlineData("7.", "7")]
    [InlineData("x = -3", "-3")]
    [InlineData("\\text{Yes}", "Yes")]
    [InlineData("\\pi r^2", "\\pi r^2")]
    [InlineData("no  solution", "no solution")]
    [InlineData("\\boxed{\\frac{1}{2}}", "\\frac{1}{2}")]
    [InlineData("$\\sqrt2$", "\\sqrt{2}")]
    public void surface_variation_is_removed(string raw, string expected)
    {
        Assert.Equal(expected, AnswerNormalizer.Normalize(raw));
    }

    [Theory]
    [InlineData("(1,2)")]
    [InlineData("x")]
    [InlineData("2x")]
    [InlineData("5m")]
    public void values_that_look_like_units_or_separators_are_left_alone(string raw)
    {
        Assert.Equal(raw, AnswerNormalizer.Normalize(raw));
    }

    [Fact]
    public void normalising_twice_changes_nothing_more()
    {
        foreach (var raw in new[] { "\\$1,000 dollars.", "\\left[ 2, 3 \\right)", "x=\\dfrac12", "30^{\\circ}" })
        {
            var once = AnswerNormalizer.Normalize(raw);
            Assert.Equal(once, AnswerNormalizer.Normalize(once));
        }
    }

    [Fact]
    public void a_runaway_answer_is_only_whitespace_collapsed_and_compared_as_text()
    {
        var runaway = string.Concat(Enumerable.Repeat("1 cm ", 200));
        Assert.Equal(runaway.Trim(), AnswerNormalizer.Normalize("  " + runaway.Replace(" ", "  ")).Trim());
        Assert.True(AnswerEquivalence.AreEquivalent(runaway, runaway + " "));
    }
}
