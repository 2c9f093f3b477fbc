namespace Lineage.Generators.Verification;

/// <summary>Which answers a vote over sampled solutions lets through.</summary>
public enum VoteRule
{
    /// <summary>Lineage's default: the largest group wins if it holds strictly more than half of the answered samples.</summary>
    StrictMajority,

    /// <summary>
    /// The paper's code: with n samples an answer passes when at least ⌊n·PassRatio⌋ gave it, and every passing
    /// answer tied for the top count is kept. Missing answers count as a group of their own for the top count
    /// (so [a, none, none] keeps nothing) but are never kept.
    /// </summary>
    TopTied,
}

/// <summary>The vote's settings as plain values.</summary>
/// <param name="KeepAll">True: every solution of a kept answer is kept; false: only the first one.</param>
public sealed record VoteOptions(VoteRule Rule = VoteRule.StrictMajority, double PassRatio = 0.5, bool KeepAll = false)
{
    public static VoteOptions Lineage { get; } = new();

    public static VoteOptions Prismatic { get; } = new(VoteRule.TopTied, 0.5, KeepAll: true);
}

/// <summary>
/// What a vote decided: every group with its count, the missing answers, the bar an answer had to clear
/// (<see cref="Threshold"/>, and for top-tied the <see cref="TopCount"/> it had to equal), the answers that passed, and
/// for each sample whether it is kept.
/// </summary>
public sealed record SolutionVoteResult(
    VoteOptions Options, IReadOnlyList<AnswerGroup> Groups, int Samples, int Missing, int Threshold, int TopCount,
    IReadOnlyList<string> PassedAnswers, IReadOnlyList<bool> Kept, IReadOnlyList<int> GroupOf)
{
    public bool AnyKept => Kept.Any(k => k);

    public int KeptCount => Kept.Count(k => k);

    /// <summary>The answer sample <paramref name="index"/> gave (its group's representative), or null.</summary>
    public string? AnswerOf(int index) => GroupOf[index] < 0 ? null : Groups[GroupOf[index]].Answer;

    /// <summary>The counts in words, missing answers included: "12 ×2, 7 ×1, no answer ×0".</summary>
    public string Tally() =>
        string.Join(", ", Groups.Select(g => $"{g.Answer} ×{g.Count}").Append($"no answer ×{Missing}"));

    /// <summary>The bar in words: "at least 1 of 3 votes and the top count 2" (top-tied) or "more than half of 2 answered votes".</summary>
    public string Bar() => Options.Rule == VoteRule.TopTied
        ? $"at least ⌊{Samples}·{Options.PassRatio.ToString(System.Globalization.CultureInfo.InvariantCulture)}⌋ = {Threshold} of {Samples} votes and the top count {TopCount} (missing answers counted)"
        : $"more than half of {Samples - Missing} answered votes";
}

/// <summary>The vote over one problem's sampled answers, as a pure function of the answers and the options.</summary>
public static class SolutionVote
{
    public static SolutionVoteResult Decide(IReadOnlyList<string?> answers, VoteOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!(options.PassRatio >= 0 && options.PassRatio <= 1))
            throw new ArgumentOutOfRangeException(nameof(options), options.PassRatio, "the pass ratio must lie in [0, 1]");
        var grouped = AnswerGroups.Of(answers);
        var groups = grouped.Groups;
        int n = answers.Count, missing = grouped.Missing;

        HashSet<int> passing;
        int threshold, top;
        if (options.Rule == VoteRule.TopTied)
        {
            threshold = (int)Math.Floor(n * options.PassRatio);
            top = Math.Max(missing, groups.Count == 0 ? 0 : groups.Max(g => g.Count));
            passing = Enumerable.Range(0, groups.Count).Where(g => groups[g].Count >= threshold && groups[g].Count == top).ToHashSet();
        }
        else
        {
            var valid = n - missing;
            threshold = valid / 2 + 1;
            top = groups.Count == 0 ? 0 : groups.Max(g => g.Count);
            // Two groups cannot both hold more than half, so the first of the largest is the only candidate.
            var best = Enumerable.Range(0, groups.Count).FirstOrDefault(g => groups[g].Count == top, -1);
            passing = best >= 0 && 2 * top > valid ? [best] : [];
        }

        var kept = new bool[n];
        var keptOne = false;
        for (var i = 0; i < n; i++)
        {
            if (grouped.GroupOf[i] < 0 || !passing.Contains(grouped.GroupOf[i]) || (keptOne && !options.KeepAll)) continue;
            kept[i] = true;
            keptOne = true;
        }
        var passed = passing.Order().Select(g => groups[g].Answer).ToList();
        return new SolutionVoteResult(options, groups, n, missing, threshold, top, passed, kept, grouped.GroupOf);
    }
}
