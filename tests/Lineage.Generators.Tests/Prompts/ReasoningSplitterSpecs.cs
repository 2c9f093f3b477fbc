using Lineage.Generators.Prompts;

namespace Lineage.Generators.Tests.Prompts;

[Trait("Category", "Unit")]
public class ReasoningSplitterSpecs
{
    [Fact]
    public void a_think_block_is_separated_from_the_final_text()
    {
        Assert.Equal(new ReasonedText("plan", "The answer is 4.", false), ReasoningSplitter.Split("<think>plan</think>\nThe answer is 4."));
    }

    [Fact]
    public void a_closing_tag_without_an_opening_one_marks_everything_before_as_reasoning()
    {
        Assert.Equal(new ReasonedText("plan", "Final.", false), ReasoningSplitter.Split("plan\n</think>\n\nFinal."));
    }

    [Fact]
    public void an_unclosed_think_block_is_truncated_reasoning_with_no_final_text()
    {
        Assert.Equal(new ReasonedText("still going", "", true), ReasoningSplitter.Split("<think>still going"));
    }

    [Fact]
    public void a_separate_reasoning_field_is_used_and_the_content_is_all_final()
    {
        Assert.Equal(new ReasonedText("field", "Final.", false), ReasoningSplitter.Split("Final.", "field"));
    }

    [Fact]
    public void text_without_reasoning_is_all_final()
    {
        Assert.Equal(new ReasonedText(null, "Just this.", false), ReasoningSplitter.Split("  Just this. "));
    }

    [Fact]
    public void several_blocks_and_tag_variants_are_all_collected()
    {
        var split = ReasoningSplitter.Split("<THINKING>a</THINKING> x <think>b</think> y");
        Assert.Equal("a\n\nb", split.Reasoning);
        Assert.Equal("x  y", split.Final);
    }
}
