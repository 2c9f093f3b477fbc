namespace Lineage.Filters.Rules;

/// <summary>
/// The clustered pool a candidate is compared with: cluster sizes and the size threshold,
/// computed once per pool. Threshold = the size at index ⌊K·r⌋ of the sizes sorted ascending
/// (index clamped to K − 1 so r = 1 is allowed), as in the paper's public code.
/// </summary>
public sealed record SparseClusterPool(IReadOnlyList<long> Sizes, double Rank, long Threshold)
{
    public const double DefaultRank = 0.5;

    public int K => Sizes.Count;

    public static SparseClusterPool From(IReadOnlyList<long> sizes, double rank = DefaultRank)
    {
        if (sizes.Count == 0) throw new ArgumentException("a pool needs at least one cluster", nameof(sizes));
        if (!(rank >= 0 && rank <= 1)) throw new ArgumentOutOfRangeException(nameof(rank), rank, "r must lie in [0, 1]");
        var sorted = sizes.Order().ToArray();
        int index = Math.Min((int)Math.Floor(sorted.Length * rank), sorted.Length - 1);
        return new SparseClusterPool(sizes.ToArray(), rank, sorted[index]);
    }
}

/// <summary>Kept when the candidate's nearest cluster is smaller than the pool's threshold.</summary>
public sealed record SparseClusterDecision(
    bool Keep, long ClusterId, double Cosine, long ClusterSize, long Threshold, double Rank, int K) : IFilterDecision
{
    public string Rule => SparseClusterRule.Name;

    public string Reason => Keep
        ? $"cluster {ClusterId} has {ClusterSize} members, below the threshold {Threshold} (rank ⌊{K}·{Rank}⌋ of {K} sorted sizes)"
        : $"cluster {ClusterId} has {ClusterSize} members, not below the threshold {Threshold} (rank ⌊{K}·{Rank}⌋ of {K} sorted sizes)";
}

/// <summary>
/// Prismatic Synthesis's filter: cluster a pool into K = round(ratio × pool size) clusters
/// (ratio 0.1 by default, at least 1), send each new candidate to its nearest centroid, and keep
/// it only if that cluster is under-populated, i.e. its size is strictly below the pool's
/// threshold (<see cref="SparseClusterPool"/>). Sizes are those of the pool as clustered: a
/// batch of candidates is judged against the same sizes, not against each other.
/// </summary>
public static class SparseClusterRule
{
    public const string Name = "sparse-cluster";
    public const double DefaultClusterRatio = 0.1;

    /// <summary>
    /// K for a pool: round(ratio × size), halves to even like Python's round(), at least 1
    /// and at most the pool size.
    /// </summary>
    public static int ClusterCount(long poolSize, double ratio = DefaultClusterRatio)
    {
        if (poolSize < 1) throw new ArgumentOutOfRangeException(nameof(poolSize), poolSize, "the pool is empty");
        if (!(ratio > 0 && ratio <= 1)) throw new ArgumentOutOfRangeException(nameof(ratio), ratio, "ratio must lie in (0, 1]");
        long k = (long)Math.Round(ratio * poolSize, MidpointRounding.ToEven);
        return (int)Math.Clamp(k, 1, poolSize);
    }

    /// <param name="clusterId">The candidate's nearest centroid (from <c>CosineKMeans.Assign</c>).</param>
    /// <param name="cosine">Its cosine to that centroid, carried as evidence.</param>
    public static SparseClusterDecision Decide(SparseClusterPool pool, long clusterId, double cosine)
    {
        if (clusterId < 0 || clusterId >= pool.K)
        {
            throw new ArgumentOutOfRangeException(nameof(clusterId), clusterId, $"the pool has {pool.K} clusters");
        }
        long size = pool.Sizes[(int)clusterId];
        return new SparseClusterDecision(size < pool.Threshold, clusterId, cosine, size, pool.Threshold, pool.Rank, pool.K);
    }
}
