using Lineage.Domain.Examples;
using Lineage.Domain.Pipelines;
using Lineage.Generators.Verification;
using Lineage.Generators.Verification.Grading;

namespace Lineage.Api.Stages.Verification;

/// <summary>
/// The verification decision for one candidate: pure, so it is tested without a database.
/// With a known answer (procedural problems) the solution's final answer (its last \\boxed{}, else a "final answer is"
/// phrase or its last math) must match it, as math-verify would grade it;
/// with several sampled solutions (teachers) the majority answer wins, and no majority rejects.
/// </summary>
public static class CandidateVerifier
{
    public const string ExpectedAnswer = "expected-answer";
    public const string Majority = "majority-vote";

    public const string Generation = "generation";

    public static IExampleEvent Verify(ExampleGenerated example) => Verify(example, new VerificationConfig());

    /// <summary>The decision under a run's verification settings, with the default grader (math-verify's reading).</summary>
    public static IExampleEvent Verify(ExampleGenerated example, VerificationConfig config) => Verify(example, config, MathAnswerGrader.Instance);

    /// <summary>
    /// A batch's verify stream: one verdict per generated candidate, in the order generated, then the batch's
    /// <see cref="BatchVerified"/>. What the stage appends and what an audit re-derives, under the run's
    /// verification settings (the vote, its pass ratio, one example per solution).
    /// </summary>
    public static IReadOnlyList<object> VerifyBatch(
        string runId, int round, int batch, IEnumerable<ExampleGenerated> generated, VerificationConfig config, IAnswerGrader grader)
    {
        var events = new List<object>();
        foreach (var example in generated) events.Add(Verify(example, config, grader));
        var verified = events.Count(e => e is ExampleVerified);
        events.Add(new BatchVerified(runId, round, batch, verified, events.Count - verified));
        return events;
    }

    /// <summary>The decision under a run's verification settings (<see cref="VoteVerdict"/> for anything but Lineage's default vote).</summary>
    public static IExampleEvent Verify(ExampleGenerated example, VerificationConfig config, IAnswerGrader grader)
    {
        // A generation failure (failed call, unparsable reply) is recorded as a candidate and rejected here.
        if (example.Attributes.TryGetValue("failure", out var failure))
            return new ExampleRejected(example.RunId, example.ExampleId, Generation, failure, null, null, []);
        if (example.ExpectedAnswer is null && SampledAnswers(example) is { } sampled
            && (config.Vote != "majority" || config.ExamplePerSolution))
            return VoteVerdict.Of(example, sampled, config);
        if (example.ExpectedAnswer is null && SampledAnswers(example) is { } answers)
        {
            var vote = MajorityVote.Decide(answers);
            var votes = vote.Counts.Select(c => new AnswerVotes(c.Answer, c.Count)).ToList();
            var missing = answers.Count - vote.ValidVotes;
            if (vote.HasMajority)
                return new ExampleVerified(example.RunId, example.ExampleId, Majority, vote.Majority!, null, votes);
            var tally = votes.Count == 0 ? "no sample has a \\boxed{} answer" : string.Join(", ", votes.Select(v => $"{v.Answer} ×{v.Count}"));
            return new ExampleRejected(example.RunId, example.ExampleId, Majority,
                $"no majority among {answers.Count} sampled answers ({tally}; {missing} without an answer)", null, null, votes);
        }
        if (example.ExpectedAnswer is { } expected)
        {
            // By default the same extraction and comparison as the `grade` command (MathGrader.Grade: math-verify's reading).
            var graded = grader.Grade(expected, example.Solution);
            var votes = graded.Pred is null ? Array.Empty<AnswerVotes>() : [new AnswerVotes(graded.Pred, 1)];
            if (graded.Pred is null)
                return new ExampleRejected(example.RunId, example.ExampleId, ExpectedAnswer, NoAnswer, null, expected, votes);
            return graded.Equal
                ? new ExampleVerified(example.RunId, example.ExampleId, ExpectedAnswer, graded.Pred, expected, votes)
                : new ExampleRejected(example.RunId, example.ExampleId, ExpectedAnswer,
                    $"final answer {graded.Pred} differs from the expected {expected}", graded.Pred, expected, votes);
        }
        var answer = grader.Extract(example.Solution);
        return answer is null
            ? new ExampleRejected(example.RunId, example.ExampleId, Majority, NoAnswer, null, null, [])
            : new ExampleVerified(example.RunId, example.ExampleId, Majority, answer, null, [new AnswerVotes(answer, 1)]);
    }

    private const string NoAnswer = "the solution has no final answer (no \\boxed{}, no \"final answer is\", no math)";

    /// <summary>The sampled solutions' answers (<c>Attributes["answers"]</c>, a JSON array), or null when absent or malformed.</summary>
    public static IReadOnlyList<string?>? SampledAnswers(ExampleGenerated example)
    {
        if (!example.Attributes.TryGetValue("answers", out var json)) return null;
        try
        {
            return System.Text.Json.JsonSerializer.Deserialize<List<string?>>(json) is { Count: > 0 } list ? list : null;
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
    }
}
