namespace Lineage.Filters.Parents;

/// <summary>An example that may become a parent: where the previous round's clustering put it (no cluster: an empty pool's).</summary>
public sealed record ParentCandidate(string ExampleId, int? ClusterId, int ClusterSize);

public static class ParentSelection
{
    /// <summary>
    /// Up to <paramref name="count"/> parents: one per cluster, smallest cluster first (ties by cluster id, then
    /// example id), before a second from any cluster, and so on. Parents that all sat in one thin cluster would
    /// crowd the next round into it. A candidate without a cluster counts as a cluster of its own.
    /// </summary>
    public static IReadOnlyList<ParentCandidate> Choose(IEnumerable<ParentCandidate> candidates, int count) =>
        candidates
            .GroupBy(c => c.ClusterId is int id ? $"c{id}" : $"x{c.ExampleId}")
            .SelectMany(g => g.OrderBy(c => c.ExampleId, StringComparer.Ordinal).Select((c, rank) => (Candidate: c, Rank: rank)))
            .OrderBy(p => p.Rank).ThenBy(p => p.Candidate.ClusterSize).ThenBy(p => p.Candidate.ClusterId ?? -1)
            .ThenBy(p => p.Candidate.ExampleId, StringComparer.Ordinal)
            .Take(count)
            .Select(p => p.Candidate)
            .ToList();
}
