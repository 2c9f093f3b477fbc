namespace Lineage.Filters.Rules;

/// <param name="MatchedNgram">The first matching n-gram (normalised words); null when kept.</param>
/// <param name="BenchmarkItemId">Where it occurs: file label and line, e.g. "gsm8k/test.jsonl:1".</param>
/// <param name="MatchedNgrams">How many of the candidate's windows matched: one stray phrase vs a copied problem.</param>
public sealed record NgramOverlapDecision(bool Keep, int N, string? MatchedNgram, string? BenchmarkItemId, int MatchedNgrams)
    : IFilterDecision
{
    public string Rule => NgramOverlapRule.Name;

    public string Reason => Keep
        ? $"no {N}-word overlap with the benchmark"
        : $"shares \"{MatchedNgram}\" with {BenchmarkItemId} ({MatchedNgrams} matching {N}-grams)";
}

/// <summary>
/// Decontamination: drops a candidate that shares any word n-gram (default 13, after
/// normalisation) with a benchmark item, so a lightly edited copy of a test problem cannot
/// enter the training data.
/// </summary>
public static class NgramOverlapRule
{
    public const string Name = "ngram-overlap";

    public static NgramOverlapDecision Decide(NgramIndex index, string text)
    {
        var matches = index.Matches(TextNormalizer.Words(text)).ToList();
        if (matches.Count == 0) return new NgramOverlapDecision(true, index.N, null, null, 0);
        var (gram, item) = matches[0];
        return new NgramOverlapDecision(false, index.N, gram, item.Id, matches.Count);
    }
}
