using Lineage.Domain.Runs;

namespace Lineage.Domain.Examples;

/// <summary>Seeds were imported into the pool. Last event of stream <c>run:{id}:seeds</c>.</summary>
public sealed record SeedsImported(string RunId, string File, int Count) : IRunEvent;

/// <summary>Last event of a generate batch stream; its arrival lets the relay send <c>VerifyBatch</c>.</summary>
public sealed record CandidatesGenerated(string RunId, int Round, int Batch, int Count, int Failed) : IBatchEvent;

/// <summary>Last event of a verify batch stream.</summary>
public sealed record BatchVerified(string RunId, int Round, int Batch, int Verified, int Rejected) : IBatchEvent;

/// <summary>Last event of an embed batch stream.</summary>
public sealed record BatchEmbedded(string RunId, int Round, int Batch, int Embedded, string ProxyModelId, string WeightsSha256) : IBatchEvent;

/// <summary>
/// The pool was clustered. Centroids are stored as a blob addressed by SHA-256.
/// Sizes are the pool's cluster sizes, index = cluster id. <see cref="Sparsest"/> names the pool members of
/// the smallest clusters (ascending size, then cluster id, then example id; at most
/// <see cref="SparseMember.Limit"/>): the next round draws its few-shot parents from them.
/// </summary>
public sealed record ClusteringCompleted(
    string RunId, int Round, string ClusteringId, int PoolSize, int K, int Iterations, bool Converged,
    double Objective, long Seed, string CentroidsAddress, IReadOnlyList<int> Sizes, double PoolGVendi,
    IReadOnlyList<SparseMember>? Sparsest = null) : IRoundEvent;

/// <summary>A pool member of a small cluster: a candidate parent for the next round's generation.</summary>
public sealed record SparseMember(string ExampleId, int ClusterId, int ClusterSize)
{
    /// <summary>How many members of the smallest clusters a clustering records.</summary>
    public const int Limit = 64;
}

/// <summary>
/// Last event of a round's filter stream: counts per rule, and <see cref="TotalKept"/>, the generated examples
/// the run has kept in all its rounds so far (what <see cref="Pipelines.PipelineConfig.TargetSize"/> is compared with).
/// </summary>
public sealed record RoundFiltered(
    string RunId, int Round, int Kept, int Dropped, IReadOnlyDictionary<string, int> DroppedByRule, double? GVendi,
    int? TotalKept = null) : IRoundEvent;
