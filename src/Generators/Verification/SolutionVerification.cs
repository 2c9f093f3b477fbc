using Lineage.Generators.Prompts;
using Lineage.Generators.Teachers;

namespace Lineage.Generators.Verification;

/// <summary>One sampled solution with its parse and the keep decision.</summary>
public sealed record VotedSolution(int Index, ParsedSolution Parsed, string? FinishReason, bool Kept);

/// <summary>
/// Everything a VerifyBatch step records for one problem: the vote with its
/// counts, each solution's answer and fate, and the reference comparison if
/// the problem came with a known answer.
/// </summary>
public sealed record SolutionVerdict(
    VoteResult Vote,
    IReadOnlyList<VotedSolution> Solutions,
    string? ReferenceAnswer,
    bool? MajorityMatchesReference)
{
    public IEnumerable<VotedSolution> Kept => Solutions.Where(s => s.Kept);
}

public static class SolutionVerification
{
    /// <summary>
    /// Parses each sampled solution, votes on the boxed answers and decides which to keep.
    /// Without a reference, a solution is kept when it agrees with the majority
    /// (the recipe's rule). With a reference answer (procedural problems), a solution
    /// is kept when its answer is equivalent to the reference: ground truth beats a
    /// vote, and the vote is still reported as evidence.
    /// </summary>
    public static SolutionVerdict Decide(IReadOnlyList<TeacherChoice> samples, string? referenceAnswer = null, int minVotes = 1)
    {
        var parsed = samples.Select(s => SolutionParser.Parse(s.Content, s.Reasoning)).ToList();
        var vote = MajorityVote.Decide(parsed.Select(p => p.Answer).ToList(), minVotes);
        var hasReference = !string.IsNullOrWhiteSpace(referenceAnswer);
        var solutions = parsed.Select((p, i) => new VotedSolution(
            samples[i].Index,
            p,
            samples[i].FinishReason,
            hasReference ? AnswerEquivalence.Matches(referenceAnswer, p.Answer) : vote.AgreesWithMajority[i])).ToList();
        bool? matches = hasReference ? vote.HasMajority && AnswerEquivalence.Matches(referenceAnswer, vote.Majority) : null;
        return new SolutionVerdict(vote, solutions, hasReference ? referenceAnswer : null, matches);
    }
}
