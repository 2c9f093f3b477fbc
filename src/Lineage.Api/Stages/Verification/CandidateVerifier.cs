using Lineage.Domain.Examples;
using Lineage.Generators.Verification;

namespace Lineage.Api.Stages.Verification;

/// <summary>
/// The verification decision for one candidate: pure, so it is tested without a database.
/// With a known answer (procedural problems) the solution's last boxed answer must be equivalent to it;
/// with several sampled solutions (teachers) the majority answer wins, and no majority rejects.
/// </summary>
public static class CandidateVerifier
{
    public const string ExpectedAnswer = "expected-answer";
    public const string Majority = "majority-vote";

    public const string Generation = "generation";

    public static IExampleEvent Verify(ExampleGenerated example)
    {
        // A generation failure (failed call, unparsable reply) is recorded as a candidate and rejected here.
        if (example.Attributes.TryGetValue("failure", out var failure))
            return new ExampleRejected(example.RunId, example.ExampleId, Generation, failure, null, null, []);
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
        var boxed = BoxedAnswer.ExtractLast(example.Solution);
        if (example.ExpectedAnswer is { } expected)
        {
            var votes = boxed is null ? Array.Empty<AnswerVotes>() : [new AnswerVotes(boxed, 1)];
            if (boxed is null)
                return new ExampleRejected(example.RunId, example.ExampleId, ExpectedAnswer,
                    "the solution has no \\boxed{} answer", null, expected, votes);
            return AnswerEquivalence.AreEquivalent(boxed, expected)
                ? new ExampleVerified(example.RunId, example.ExampleId, ExpectedAnswer, boxed, expected, votes)
                : new ExampleRejected(example.RunId, example.ExampleId, ExpectedAnswer,
                    $"boxed answer {boxed} differs from the expected {expected}", boxed, expected, votes);
        }
        return boxed is null
            ? new ExampleRejected(example.RunId, example.ExampleId, Majority, "the solution has no \\boxed{} answer", null, null, [])
            : new ExampleVerified(example.RunId, example.ExampleId, Majority, boxed, null, [new AnswerVotes(boxed, 1)]);
    }

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
