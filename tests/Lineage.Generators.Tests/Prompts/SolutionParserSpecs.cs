using Lineage.Generators.Prompts;

namespace Lineage.Generators.Tests.Prompts;

[Trait("Category", "Unit")]
public class SolutionParserSpecs
{
    [Fact]
    public void the_answer_comes_from_the_final_text_not_from_a_box_drafted_in_the_reasoning()
    {
        var parsed = SolutionParser.Parse("<think>maybe \\boxed{3}</think>So the total is $\\boxed{4}$.");
        Assert.Equal("4", parsed.Answer);
        Assert.Equal("maybe \\boxed{3}", parsed.Reasoning);
        Assert.Equal("So the total is $\\boxed{4}$.", parsed.Solution);
        Assert.Null(parsed.FailureReason);
    }

    [Fact]
    public void a_box_only_in_the_reasoning_gives_no_answer()
    {
        var parsed = SolutionParser.Parse("<think>\\boxed{3}</think>I am not sure.");
        Assert.False(parsed.HasAnswer);
        Assert.Equal("no complete \\boxed{} answer in the final text", parsed.FailureReason);
    }

    [Fact]
    public void a_reply_cut_off_while_reasoning_says_so()
    {
        var parsed = SolutionParser.Parse("<think>long derivation");
        Assert.Null(parsed.Answer);
        Assert.Equal("the reply ended inside its reasoning", parsed.FailureReason);
    }
}
