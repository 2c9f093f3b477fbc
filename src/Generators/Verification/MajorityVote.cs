using Lineage.Generators.Verification.Grading;

namespace Lineage.Generators.Verification;

/// <summary>How many votes an answer got; Answer is the normalised form of its first vote.</summary>
public sealed record AnswerCount(string Answer, int Count);

/// <summary>
/// The outcome of a vote, with its evidence: every group's count, the number of
/// valid votes it was compared with, and which inputs agree with the winner.
/// </summary>
public sealed record VoteResult(
    string? Majority,
    IReadOnlyList<AnswerCount> Counts,
    bool HasMajority,
    int ValidVotes,
    int MinVotes,
    IReadOnlyList<bool> AgreesWithMajority);

/// <summary>
/// Majority voting over sampled solutions' final answers, as in the paper's
/// recipe (keep the solutions whose answer matches the majority).
///
/// Rule: answers are grouped by equivalence (<see cref="MathGrader"/>, each joining the first group it matches);
/// blank or missing answers (no \boxed) are not valid votes. The largest group
/// wins only if its count is strictly more than half of the valid votes and at
/// least <c>minVotes</c>. With three samples: 2-1 and 3-0 win; 1-1-1 does not;
/// one answer plus two missing wins with minVotes 1 but not with minVotes 2.
/// Ties never win (two groups cannot both exceed half).
/// </summary>
public static class MajorityVote
{
    public static VoteResult Decide(IReadOnlyList<string?> answers, int minVotes = 1)
    {
        ArgumentNullException.ThrowIfNull(answers);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(minVotes);

        var extracted = answers.Select(a => MathGrader.Extract(a, AnswerRole.Reference)).ToList();
        // Groups in order of first appearance, so equal counts are listed deterministically. An answer joins
        // the first group whose first answer it is equivalent to (values compare with rounding, so there is no key).
        var groups = new List<(ExtractedAnswer First, string Representative, int Count)>();
        var groupOf = new int[answers.Count];
        for (var i = 0; i < answers.Count; i++)
        {
            groupOf[i] = -1;
            if (extracted[i] is not { } answer) continue;
            var at = groups.FindIndex(g => MathGrader.Matches(g.First, answer) || MathGrader.Matches(answer, g.First));
            if (at < 0)
            {
                groups.Add((answer, AnswerNormalizer.Normalize(answers[i]), 1));
                at = groups.Count - 1;
            }
            else groups[at] = groups[at] with { Count = groups[at].Count + 1 };
            groupOf[i] = at;
        }

        var ordered = groups.Select((g, order) => (g, order)).OrderByDescending(x => x.g.Count).ThenBy(x => x.order).ToList();
        var valid = groupOf.Count(g => g >= 0);
        var hasMajority = ordered.Count > 0 && 2 * ordered[0].g.Count > valid && ordered[0].g.Count >= minVotes;
        var winner = hasMajority ? ordered[0].order : -1;
        return new VoteResult(
            hasMajority ? ordered[0].g.Representative : null,
            ordered.Select(x => new AnswerCount(x.g.Representative, x.g.Count)).ToList(),
            hasMajority,
            valid,
            minVotes,
            groupOf.Select(g => hasMajority && g == winner).ToList());
    }
}
