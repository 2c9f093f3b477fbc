using Lineage.Api.Stages.Verification;
using Lineage.Domain.Examples;

namespace Lineage.Api.Tests.Verification;

[Trait("Category", "Unit")]
public class CandidateVerifierSpecs
{
    private static ExampleGenerated Candidate(string solution, string? expected, Dictionary<string, string>? attributes = null) =>
        new("run-1", "run-1-1-0-0", 1, 0, 0, "procedural", "g", null, "t", [], new SamplingParameters(0, 1, null, 1),
            "What is 1/2 + 1/2?", solution, expected, solution, attributes ?? new Dictionary<string, string>());

    [Fact]
    public void a_boxed_answer_equal_to_the_expected_one_is_verified_with_the_vote_recorded()
    {
        var verified = Assert.IsType<ExampleVerified>(CandidateVerifier.Verify(Candidate("so \\boxed{1}", "1")));
        Assert.Equal((CandidateVerifier.ExpectedAnswer, "1", "1"), (verified.Method, verified.Answer, verified.ExpectedAnswer));
        Assert.Equal([new AnswerVotes("1", 1)], verified.Votes);
        Assert.Equal("run-1-1-0-0", verified.ExampleId);
    }

    [Fact]
    public void an_equivalent_spelling_of_the_expected_answer_is_verified()
    {
        Assert.IsType<ExampleVerified>(CandidateVerifier.Verify(Candidate("so \\boxed{\\frac{2}{4}}", "0.5")));
    }

    [Fact]
    public void only_the_last_boxed_answer_counts_unless_the_boxes_are_listed_together()
    {
        const string draft = "first \\boxed{1} as a guess; checking the boundary cases again changes the count, so it is \\boxed{2}";
        Assert.IsType<ExampleRejected>(CandidateVerifier.Verify(Candidate(draft, "1")));
        Assert.IsType<ExampleVerified>(CandidateVerifier.Verify(Candidate(draft, "2")));
        // Boxes a few characters apart are one list answer, as math-verify reads them.
        Assert.IsType<ExampleVerified>(CandidateVerifier.Verify(Candidate("so \\boxed{2}, \\boxed{1}", "\\{1, 2\\}")));
    }

    [Fact]
    public void a_different_answer_is_rejected_naming_both_answers()
    {
        var rejected = Assert.IsType<ExampleRejected>(CandidateVerifier.Verify(Candidate("so \\boxed{2}", "1")));
        Assert.Equal(CandidateVerifier.ExpectedAnswer, rejected.Method);
        Assert.Equal("final answer 2 differs from the expected 1", rejected.Reason);
        Assert.Equal(("2", "1"), (rejected.Answer, rejected.ExpectedAnswer));
        Assert.Equal([new AnswerVotes("2", 1)], rejected.Votes);
    }

    [Fact]
    public void a_solution_without_any_final_answer_is_rejected_with_no_votes()
    {
        var rejected = Assert.IsType<ExampleRejected>(CandidateVerifier.Verify(Candidate("I could not finish this one", "1")));
        Assert.StartsWith("the solution has no final answer", rejected.Reason);
        Assert.Null(rejected.Answer);
        Assert.Empty(rejected.Votes);
    }

    [Fact]
    public void without_a_box_the_answer_is_read_from_the_prose_as_math_verify_reads_it()
    {
        var verified = Assert.IsType<ExampleVerified>(CandidateVerifier.Verify(Candidate("Adding up, the answer is 1", "1")));
        Assert.Equal("1", verified.Answer);
        Assert.IsType<ExampleRejected>(CandidateVerifier.Verify(Candidate("The final answer is 2", "1")));
    }

    [Fact]
    public void without_an_expected_answer_a_single_boxed_answer_is_its_own_majority()
    {
        var verified = Assert.IsType<ExampleVerified>(CandidateVerifier.Verify(Candidate("so \\boxed{7}", null)));
        Assert.Equal((CandidateVerifier.Majority, "7"), (verified.Method, verified.Answer));
        Assert.Null(verified.ExpectedAnswer);
    }

    [Fact]
    public void without_an_expected_answer_a_solution_without_a_boxed_answer_is_rejected()
    {
        var rejected = Assert.IsType<ExampleRejected>(CandidateVerifier.Verify(Candidate("no answer", null)));
        Assert.Equal(CandidateVerifier.Majority, rejected.Method);
    }

    private static Dictionary<string, string> Sampled(string json) => new() { ["answers"] = json };

    [Fact]
    public void sampled_answers_elect_the_majority_grouping_equivalent_spellings()
    {
        var verified = Assert.IsType<ExampleVerified>(
            CandidateVerifier.Verify(Candidate("so \\boxed{3}", null, Sampled("""["1/2", "0.5", "3"]"""))));
        Assert.Equal((CandidateVerifier.Majority, "1/2"), (verified.Method, verified.Answer));
        Assert.Equal([new AnswerVotes("1/2", 2), new AnswerVotes("3", 1)], verified.Votes);
    }

    [Fact]
    public void sampled_answers_without_a_majority_are_rejected_with_the_tally()
    {
        var rejected = Assert.IsType<ExampleRejected>(
            CandidateVerifier.Verify(Candidate("so \\boxed{1}", null, Sampled("""["1", "2", null]"""))));
        Assert.Equal(CandidateVerifier.Majority, rejected.Method);
        Assert.Equal("no majority among 3 sampled answers (1 ×1, 2 ×1; 1 without an answer)", rejected.Reason);
        Assert.Equal(2, rejected.Votes.Count);
    }

    [Fact]
    public void a_known_answer_outranks_the_sampled_votes()
    {
        Assert.IsType<ExampleVerified>(CandidateVerifier.Verify(Candidate("so \\boxed{1}", "1", Sampled("""["2", "2", "2"]"""))));
    }

    [Fact]
    public void malformed_sampled_answers_fall_back_to_the_solution_s_own_boxed_answer()
    {
        var verified = Assert.IsType<ExampleVerified>(CandidateVerifier.Verify(Candidate("so \\boxed{9}", null, Sampled("not json"))));
        Assert.Equal("9", verified.Answer);
    }

    [Fact]
    public void a_generation_failure_is_rejected_with_its_reason_before_any_answer_is_read()
    {
        var rejected = Assert.IsType<ExampleRejected>(CandidateVerifier.Verify(
            Candidate("so \\boxed{1}", "1", new Dictionary<string, string> { ["failure"] = "teacher timed out after 3 attempts" })));
        Assert.Equal((CandidateVerifier.Generation, "teacher timed out after 3 attempts"), (rejected.Method, rejected.Reason));
        Assert.Empty(rejected.Votes);
    }
}
