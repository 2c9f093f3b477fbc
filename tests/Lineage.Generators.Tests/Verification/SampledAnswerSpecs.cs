using Lineage.Generators.Verification;

namespace Lineage.Generators.Tests.Verification;

[Trait("Category", "Unit")]
public class SampledAnswerSpecs
{
    [Fact]
    public void the_whole_output_reads_a_box_that_only_the_reasoning_holds()
    {
        const string content = "<think>2 + 2 is \\boxed{4}</think>So the answer is four.";
        Assert.Null(SampledAnswer.Read(content, null, AnswerSource.FinalText, null).Answer);
        Assert.Equal("4", SampledAnswer.Read(content, null, AnswerSource.WholeOutput, null).Answer);
    }

    [Fact]
    public void the_whole_output_takes_the_last_box_of_reasoning_and_text_together()
    {
        var read = SampledAnswer.Read("Final: \\boxed{5}", "draft \\boxed{3}", AnswerSource.WholeOutput, null);
        Assert.Equal("5", read.Answer);
        // A separate reasoning field is put back in front, in think tags, so the example's completion holds both.
        Assert.Equal("<think>\ndraft \\boxed{3}\n</think>\n\nFinal: \\boxed{5}", read.FullOutput);
        Assert.Equal("draft \\boxed{3}", read.Parsed.Reasoning);
    }

    [Fact]
    public void an_answer_over_the_limit_counts_as_none_and_says_why()
    {
        var long301 = new string('1', 301);
        var read = SampledAnswer.Read($"\\boxed{{{long301}}}", null, AnswerSource.WholeOutput, 300);
        Assert.Null(read.Answer);
        Assert.Equal("the boxed answer has 301 characters, more than 300", read.AnswerRefusal);
        Assert.Equal(new string('1', 300), SampledAnswer.Read($"\\boxed{{{new string('1', 300)}}}", null, AnswerSource.WholeOutput, 300).Answer);
    }
}
