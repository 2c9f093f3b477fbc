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

    public static IExampleEvent Verify(ExampleGenerated example)
    {
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
}
