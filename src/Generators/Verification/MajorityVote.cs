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
/// Rule: answers are grouped by <see cref="AnswerEquivalence.CanonicalForm"/>;
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

        var keys = answers.Select(AnswerEquivalence.CanonicalForm).ToList();
        // Groups in order of first appearance, so equal counts are listed deterministically.
        var groups = new List<(string Key, string Representative, int Count)>();
        for (var i = 0; i < answers.Count; i++)
        {
            if (keys[i] is not { } key) continue;
            var at = groups.FindIndex(g => g.Key == key);
            if (at < 0) groups.Add((key, AnswerNormalizer.Normalize(answers[i]), 1));
            else groups[at] = groups[at] with { Count = groups[at].Count + 1 };
        }

        var ordered = groups.Select((g, order) => (g, order)).OrderByDescending(x => x.g.Count).ThenBy(x => x.order).Select(x => x.g).ToList();
        var valid = keys.Count(k => k is not null);
        var top = ordered.FirstOrDefault();
        var hasMajority = top.Key is not null && 2 * top.Count > valid && top.Count >= minVotes;
        return new VoteResult(
            hasMajority ? top.Representative : null,
            ordered.Select(g => new AnswerCount(g.Representative, g.Count)).ToList(),
            hasMajority,
            valid,
            minVotes,
            keys.Select(k => hasMajority && k == top.Key).ToList());
    }
}
