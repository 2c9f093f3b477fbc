using System.Globalization;
using Lineage.Domain.Examples;

namespace Lineage.Filters.Rules;

/// <summary>
/// The clustered pool a candidate is compared with: cluster sizes and the size threshold, computed once per pool.
/// Threshold = the size at index ⌊K·r⌋ of the sizes sorted ascending (index clamped to K − 1 so r = 1 is allowed),
/// as in the paper's public code.
/// </summary>
public sealed record SparseClusterPool(IReadOnlyList<long> Sizes, double Rank, long Threshold)
{
    public const double DefaultRank = 0.5;

    public int K => Sizes.Count;

    /// <summary>True when no cluster is strictly smaller than the threshold (all sizes equal, or [1, 1, 1, 5]).</summary>
    public bool NoneSparse => Sizes.All(s => s >= Threshold);

    /// <summary>
    /// The paper's code: when no cluster qualifies, every cluster accepts. Off (Lineage's default), such a pool keeps
    /// nothing on this rule.
    /// </summary>
    public bool KeepAllWhenNoneSparse { get; init; }

    public static SparseClusterPool From(IReadOnlyList<long> sizes, double rank = DefaultRank)
    {
        if (sizes.Count == 0) throw new ArgumentException("a pool needs at least one cluster", nameof(sizes));
        if (!(rank >= 0 && rank <= 1)) throw new ArgumentOutOfRangeException(nameof(rank), rank, "r must lie in [0, 1]");
        var sorted = sizes.Order().ToArray();
        int index = Math.Min((int)Math.Floor(sorted.Length * rank), sorted.Length - 1);
        return new SparseClusterPool(sizes.ToArray(), rank, sorted[index]);
    }

    /// <summary>The pool of a recorded clustering; null when the pool was empty (K = 0).</summary>
    public static SparseClusterPool? Of(ClusteringCompleted clustering, double rank, bool keepAllWhenNoneSparse = false) =>
        clustering.K == 0 ? null : From([.. clustering.Sizes.Select(s => (long)s)], rank) with { KeepAllWhenNoneSparse = keepAllWhenNoneSparse };
}

/// <summary>Where the candidate landed and what its cluster's size was compared with; cluster fields null for an empty pool.</summary>
/// <param name="Fallback">True when the verdict is the fallback's: no cluster was below the threshold, so every cluster accepted.</param>
public sealed record SparseClusterEvidence(
    string ClusteringId, int? ClusterId, double? Cosine, int? ClusterSize, int? Threshold, double R, int K, bool Fallback = false) : RuleEvidence
{
    public override string Sentence(bool keep) => ClusterId is null
        ? $"the pool was empty when {ClusteringId} was clustered: no cluster to be dense in"
        : Fallback
            ? $"landed in cluster {ClusterId} of clustering {ClusteringId}, size {ClusterSize}; no cluster is smaller than threshold {Threshold} " +
              $"(r {R.ToString(CultureInfo.InvariantCulture)} of {K} clusters), so by the fallback every cluster accepts"
            : $"landed in cluster {ClusterId} of clustering {ClusteringId}, size {ClusterSize} {(keep ? "<" : "≥")} threshold {Threshold} " +
              $"(r {R.ToString(CultureInfo.InvariantCulture)} of {K} clusters)";

    public override DecisionEvidence Record(DecisionEvidence recorded) => recorded with
    {
        ClusteringId = ClusteringId, ClusterId = ClusterId, Cosine = Cosine, ClusterSize = ClusterSize, Threshold = Threshold, R = R, K = K,
        SparseFallback = Fallback ? true : null,
    };
}

/// <summary>
/// Prismatic Synthesis's filter: the pool is clustered into K = round(ratio × pool size) clusters (ratio 0.1 by
/// default, at least 1), each candidate goes to its nearest centroid, and it is kept only if that cluster is
/// under-populated, i.e. strictly smaller than the pool's threshold (<see cref="SparseClusterPool"/>). Sizes are
/// those of the pool as clustered: a round's candidates are judged against the same sizes, not against each other.
/// </summary>
public sealed class SparseClusterRule : ICandidateRule
{
    public const string RuleName = "sparse-cluster";
    public const double DefaultClusterRatio = 0.1;

    private readonly ClusteringCompleted _clustering;
    private readonly IReadOnlyDictionary<string, ExampleAssignedToCluster> _assignments;
    private readonly SparseClusterPool? _pool;
    private readonly double _r;

    public SparseClusterRule(ClusteringCompleted clustering, IEnumerable<ExampleAssignedToCluster> assignments, double r,
        bool keepAllWhenNoneSparse = false)
    {
        _clustering = clustering;
        _assignments = assignments.ToDictionary(a => a.ExampleId, StringComparer.Ordinal);
        _pool = SparseClusterPool.Of(clustering, r, keepAllWhenNoneSparse);
        _r = r;
    }

    public string Name => RuleName;

    /// <summary>K for a pool: round(ratio × size), halves to even like Python's round(), at least 1 and at most the pool size.</summary>
    public static int ClusterCount(long poolSize, double ratio = DefaultClusterRatio)
    {
        if (poolSize < 1) throw new ArgumentOutOfRangeException(nameof(poolSize), poolSize, "the pool is empty");
        if (!(ratio > 0 && ratio <= 1)) throw new ArgumentOutOfRangeException(nameof(ratio), ratio, "ratio must lie in (0, 1]");
        long k = (long)Math.Round(ratio * poolSize, MidpointRounding.ToEven);
        return (int)Math.Clamp(k, 1, poolSize);
    }

    public RuleVerdict Judge(Candidate c)
    {
        if (_pool is null)
            return new RuleVerdict(true, new SparseClusterEvidence(_clustering.ClusteringId, null, null, null, null, _r, 0));
        var a = _assignments.TryGetValue(c.Id, out var found)
            ? found
            : throw new InvalidOperationException($"candidate {c.Id} has no assignment in clustering {_clustering.ClusteringId}");
        return Decide(_pool, a.ClusteringId, a.ClusterId, a.Cosine);
    }

    /// <summary>The verdict for a candidate that landed in <paramref name="clusterId"/> at <paramref name="cosine"/> to its centroid.</summary>
    public static RuleVerdict Decide(SparseClusterPool pool, string clusteringId, int clusterId, double cosine)
    {
        if (clusterId < 0 || clusterId >= pool.K)
            throw new ArgumentOutOfRangeException(nameof(clusterId), clusterId, $"clustering {clusteringId} has {pool.K} clusters");
        var size = pool.Sizes[clusterId];
        var fallback = pool.KeepAllWhenNoneSparse && pool.NoneSparse;
        return new RuleVerdict(fallback || size < pool.Threshold, new SparseClusterEvidence(
            clusteringId, clusterId, cosine, (int)size, (int)pool.Threshold, pool.Rank, pool.K, fallback));
    }

    public void Admit(Candidate candidate) { }
}
