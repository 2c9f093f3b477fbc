using System.Globalization;
using Lineage.Domain.Examples;
using Lineage.Domain.Pipelines;
using Lineage.Generators.Verification;

namespace Lineage.Api.Stages.Verification;

/// <summary>
/// Verification by <see cref="SolutionVote"/> under a run's settings: the paper's top-tied vote, and examples that are
/// one sampled solution each (<c>Attributes["sample"]</c> = its place among the problem's samples). Such an example
/// is verified when the vote keeps its sample; otherwise (one example per problem) when the vote keeps any. Every
/// group's count and the missing answers are the evidence, so <c>why</c> shows the whole vote.
/// </summary>
public static class VoteVerdict
{
    public const string TopTied = "top-tied-vote";
    public const string NoAnswer = "(no answer)";

    public static VoteOptions OptionsOf(VerificationConfig config) => new(
        config.Vote == "top-tied" ? VoteRule.TopTied : VoteRule.StrictMajority, config.PassRatio, config.ExamplePerSolution);

    public static IExampleEvent Of(ExampleGenerated example, IReadOnlyList<string?> answers, VerificationConfig config)
    {
        var options = OptionsOf(config);
        var vote = SolutionVote.Decide(answers, options);
        var method = options.Rule == VoteRule.TopTied ? TopTied : CandidateVerifier.Majority;
        IReadOnlyList<AnswerVotes> votes =
        [
            .. vote.Groups.Select(g => new AnswerVotes(g.Answer, g.Count)),
            .. vote.Missing > 0 ? [new AnswerVotes(NoAnswer, vote.Missing)] : Array.Empty<AnswerVotes>(),
        ];
        var tally = $"{vote.Tally()}; bar: {vote.Bar()}";

        if (example.Attributes.TryGetValue("sample", out var at) && int.TryParse(at, NumberStyles.None, CultureInfo.InvariantCulture, out var sample))
        {
            if (sample < 0 || sample >= answers.Count)
                return new ExampleRejected(example.RunId, example.ExampleId, method, $"sample {sample} is not among the {answers.Count} voted on", null, null, votes);
            var answer = vote.AnswerOf(sample);
            if (vote.Kept[sample])
                return new ExampleVerified(example.RunId, example.ExampleId, method, answer!, null, votes);
            var why = answer is null
                ? $"sample {sample} has no answer ({example.Attributes.GetValueOrDefault("answerRefusal") ?? "no \\boxed{}"})"
                : vote.PassedAnswers.Count == 0
                    ? $"sample {sample}'s answer {answer} did not pass: no answer did"
                    : $"sample {sample}'s answer {answer} did not pass (passed: {string.Join(", ", vote.PassedAnswers)})";
            return new ExampleRejected(example.RunId, example.ExampleId, method, $"{why}; votes {tally}", answer, null, votes);
        }
        return vote.AnyKept
            ? new ExampleVerified(example.RunId, example.ExampleId, method, vote.PassedAnswers[0], null, votes)
            : new ExampleRejected(example.RunId, example.ExampleId, method, $"no answer passed among {answers.Count} samples; votes {tally}", null, null, votes);
    }
}
