using Lineage.Domain.Examples;

namespace Lineage.Domain.Pools;

/// <summary>
/// One member of a pipeline's pool, placed by a pool reclustering: its cluster, the cosine to that centroid and
/// the cluster's size. Appended to the reclustering's stream <c>pool:{pipeline}:{clustering}</c>; the example's
/// lineage keeps the latest.
/// </summary>
public sealed record PoolMemberAssigned(
    string Pipeline, string ExampleId, string ClusteringId, int ClusterId, double Cosine, int ClusterSize) : ILineageEvent;

/// <summary>
/// A pipeline's pool was clustered afresh: every kept, embedded example of its sealed versions (distinct content,
/// one embedding space), with K = round(KRatio × members). <see cref="MembershipSha256"/> is the hash of the
/// ordered member ids and the space, so an unchanged pool is never clustered twice with the same settings.
/// </summary>
public sealed record PoolReclustered(
    string Pipeline, string ClusteringId, string MembershipSha256, string Space, IReadOnlyList<string> VersionIds,
    int Members, int SkippedOtherSpace, int SkippedDuplicateContent, int K, int Iterations, bool Converged,
    double Objective, long Seed, string CentroidsAddress, IReadOnlyList<int> Sizes, double GVendi, string Trigger);

public static class PoolStreams
{
    /// <summary>The stream of one reclustering of a pipeline's pool.</summary>
    public static string Clustering(string pipeline, string clusteringId) => $"pool:{pipeline}:{clusteringId}";

    /// <summary>The stream of the recorded diversity report of one version of a pipeline.</summary>
    public static string Report(string pipeline, string versionId) => $"pool:{pipeline}:report:{versionId}";
}
