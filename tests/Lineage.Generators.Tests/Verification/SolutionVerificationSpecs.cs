using Lineage.Generators.Teachers;
using Lineage.Generators.Verification;

namespace Lineage.Generators.Tests.Verification;

[Trait("Category", "Unit")]
public class SolutionVerificationSpecs
{
    private static TeacherChoice Sample(int i, string? content, string? reasoning = null, string finish = "stop") => new(i, content, reasoning, finish);

    [Fact]
    public void solutions_agreeing_with_the_majority_are_kept_and_the_rest_dropped()
    {
        var verdict = SolutionVerification.Decide(
        [
            Sample(0, "... so $\\boxed{\\frac{1}{2}}$"),
            Sample(1, "<think>maybe 3</think> it is \\boxed{0.5}"),
            Sample(2, "I get \\boxed{3}"),
        ]);
        Assert.Equal([true, true, false], verdict.Solutions.Select(s => s.Kept));
        Assert.Equal("\\frac{1}{2}", verdict.Vote.Majority);
        Assert.Equal("maybe 3", verdict.Solutions[1].Parsed.Reasoning);
        Assert.Null(verdict.MajorityMatchesReference);
    }

    [Fact]
    public void a_sample_without_a_boxed_answer_is_no_vote_and_never_kept()
    {
        var verdict = SolutionVerification.Decide([Sample(0, "\\boxed{4}"), Sample(1, "ran out of tokens", finish: "length"), Sample(2, "\\boxed{4}")]);
        Assert.Equal(2, verdict.Vote.ValidVotes);
        Assert.Equal([true, false, true], verdict.Solutions.Select(s => s.Kept));
        Assert.Equal("length", verdict.Solutions[1].FinishReason);
    }

    [Fact]
    public void with_a_reference_answer_the_reference_decides_and_the_vote_is_still_reported()
    {
        var verdict = SolutionVerification.Decide(
            [Sample(0, "\\boxed{5}"), Sample(1, "\\boxed{5}"), Sample(2, "\\boxed{6}")], referenceAnswer: "6");
        Assert.Equal([false, false, true], verdict.Solutions.Select(s => s.Kept));
        Assert.False(verdict.MajorityMatchesReference);
        Assert.Equal("5", verdict.Vote.Majority);
    }

    [Fact]
    public void procedural_solutions_verify_against_their_own_answers()
    {
        foreach (var i in Enumerable.Range(0, 100))
        {
            var p = Lineage.Generators.Procedural.ProceduralMathGenerator.Generate(21, i);
            var verdict = SolutionVerification.Decide([Sample(0, p.Solution)], p.Answer);
            Assert.True(verdict.Solutions[0].Kept, $"{p.TemplateId}: {p.Answer}");
            Assert.True(verdict.MajorityMatchesReference);
        }
    }
}
