using Lineage.Generators.Verification.Grading;

namespace Lineage.Generators.Tests.Verification;

/// <summary>What is extracted from a text, and the asymmetries math-verify has (gold first).</summary>
[Trait("Category", "Unit")]
public class MathGraderSpecs
{
    [Theory]
    [InlineData("so $\\boxed{\\dfrac{3}{4}}$.", "\\frac{3}{4}")]
    [InlineData("\\boxed{1}\\boxed{2}", "1,2")]
    [InlineData("The final answer is 34", "34")]
    [InlineData("Final Answer: The final answer is $28 \\%$. I hope it is correct.", "28 \\%")]
    [InlineData("We get $x = 3$ and then $y = 4$", "y = 4")]
    [InlineData("The price is 1000,99 euros", "1000.99")]
    [InlineData("Total: 7,425,000 people", "7425000")]
    [InlineData("2x+1", "2x+1")]
    [InlineData("\\boxed{5 \\text{ meters}}", "5")]
    [InlineData("\\boxed{6 \\text{ and } 8}", "6, 8")]
    public void the_final_answer_is_read_from_boxes_phrases_math_and_numbers(string text, string expected)
    {
        Assert.Equal(expected, MathGrader.Extract(text)?.Text);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("no answer here")]
    public void a_text_without_math_has_no_answer(string text)
    {
        Assert.Null(MathGrader.Extract(text));
    }

    [Fact]
    public void a_bare_word_is_an_answer_only_when_it_is_the_reference()
    {
        Assert.Equal("yes", MathGrader.Extract("Yes", AnswerRole.Reference)?.Text);
        Assert.Null(MathGrader.Extract("Yes", AnswerRole.Solution));
    }

    [Fact]
    public void a_gold_assignment_matches_its_value_but_a_gold_equation_does_not_match_one_side()
    {
        Assert.True(MathGrader.Grade("$k=1$", "$1$").Equal);
        Assert.True(MathGrader.Grade("$1$", "$k=1$").Equal);
        Assert.False(MathGrader.Grade("$2x + z = 1$", "$1$").Equal);
        // The prediction's equation is unwrapped whenever the gold is not an equation.
        Assert.True(MathGrader.Grade("$1$", "$2x + z = 1$").Equal);
    }

    [Fact]
    public void a_gold_inequality_matches_a_predicted_interval_but_not_the_other_way_round()
    {
        Assert.True(MathGrader.Grade("$-2 \\le x \\le 7$", "$x \\in [-2,7]$").Equal);
        Assert.False(MathGrader.Grade("$x \\in [-2,7]$", "$-2 \\le x \\le 7$").Equal);
    }

    [Fact]
    public void decimals_are_compared_after_rounding_to_six_places_and_fractions_exactly()
    {
        Assert.True(MathGrader.Grade("$\\frac{1}{3}$", "$0.3333333$").Equal);
        Assert.True(MathGrader.Grade("$\\frac{1}{3}$", "$0.3333329$").Equal);
        Assert.False(MathGrader.Grade("$\\frac{1}{3}$", "$0.333332$").Equal);
        Assert.False(MathGrader.Grade("$\\frac{1}{3}$", "$\\frac{333333}{1000000}$").Equal);
    }

    [Fact]
    public void a_value_is_compared_by_its_text_when_it_does_not_parse()
    {
        Assert.True(MathGrader.Grade("$12:00$", "$12:00$").Equal);
        Assert.False(MathGrader.Grade("$12:00$", "$1:00$").Equal);
    }
}
