using Lineage.Generators.Verification;

namespace Lineage.Generators.Tests.Verification;

[Trait("Category", "Unit")]
public class BoxedAnswerSpecs
{
    [Theory]
    [InlineData("The answer is $\\boxed{42}$.", "42")]
    [InlineData("First \\boxed{1}, then corrected: \\boxed{2}", "2")]
    [InlineData("\\boxed{\\frac{1}{2}}", "\\frac{1}{2}")]
    [InlineData("\\boxed{\\frac{\\sqrt{3}}{2}}", "\\frac{\\sqrt{3}}{2}")]
    [InlineData("\\boxed{ 7 }", "7")]
    [InlineData("\\boxed {5}", "5")]
    [InlineData("\\boxed\n{5}", "5")]
    [InlineData("\\fbox{9}", "9")]
    [InlineData("so $\\boxed 5$.", "5")]
    [InlineData("so \\boxed 5.", "5")]
    [InlineData("\\boxed{\\{1, 2\\}}", "\\{1, 2\\}")]
    [InlineData("\\boxed{(1, 2)}", "(1, 2)")]
    [InlineData("\\boxed{x^{2}+1}", "x^{2}+1")]
    [InlineData("\\boxed{1} and \\fbox{3}", "3")]
    [InlineData("\\fbox{3} and \\boxed{1}", "1")]
    [InlineData("\\boxed{\\text{(B)}}", "\\text{(B)}")]
    public void the_last_complete_box_is_the_answer(string text, string expected)
    {
        Assert.Equal(expected, BoxedAnswer.ExtractLast(text));
    }

    [Theory]
    [InlineData("")]
    [InlineData(null)]
    [InlineData("The answer is 42.")]
    [InlineData("\\boxed{}")]
    [InlineData("\\boxed")]
    [InlineData("\\boxed{12")]
    [InlineData("\\boxedanswer{3}")]
    [InlineData("\\boxed5")]
    public void text_without_a_complete_box_has_no_answer(string? text)
    {
        Assert.Null(BoxedAnswer.ExtractLast(text));
    }

    [Fact]
    public void a_truncated_final_box_falls_back_to_the_last_complete_one()
    {
        Assert.Equal("4", BoxedAnswer.ExtractLast("Maybe \\boxed{4}. Actually \\boxed{\\frac{3}{"));
    }

    [Fact]
    public void all_complete_boxes_are_listed_in_order()
    {
        Assert.Equal(["a", "\\frac{1}{2}", "c"], BoxedAnswer.ExtractAll("\\boxed{a} \\fbox{\\frac{1}{2}} \\boxed{c} \\boxed{d"));
    }

    [Fact]
    public void a_reasoning_trace_with_a_box_before_the_final_box_yields_the_final_one()
    {
        const string text = "<think>try \\boxed{10}? no.</think> Final: $\\boxed{12}$";
        Assert.Equal("12", BoxedAnswer.ExtractLast(text));
    }
}
