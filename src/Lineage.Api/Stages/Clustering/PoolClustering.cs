using Lineage.Domain.Examples;
using Lineage.Domain.Pipelines;
using Lineage.Domain.Runs;
using Lineage.Filters.Clustering;
using Lineage.Filters.Clustering.Rows;
using Lineage.Filters.Clustering.Storage;
using Lineage.Filters.Diversity;
using Lineage.Filters.Rules;
using static TorchSharp.torch;

namespace Lineage.Api.Stages.Clustering;

/// <summary>
/// Clusters a round's pool and places the round's candidates in it: cosine k-means on the pool with
/// K = round(KRatio × pool size) (or, with <c>kMeans = "first-k"</c>, the paper's first-K k-means with
/// K = ⌊KRatio × pool size⌋, <see cref="FirstKKMeans"/>), centroids stored by content address, each candidate assigned to its
/// nearest centroid. Returns the cluster stream's events: one <see cref="ExampleAssignedToCluster"/> per
/// candidate, then <see cref="ClusteringCompleted"/> with the pool's sizes, from which the filter derives
/// the sparse-cluster threshold, and the members of the smallest clusters the next round draws its parents from.
/// The stage stores the centroids (<see cref="CentroidStore.Save"/>); an audit only computes their address, and a
/// fork that re-clusters names its own clustering (<c>clusteringId</c>).
/// </summary>
public static class PoolClustering
{
    public static IReadOnlyList<object> Run(
        string runId, int round, long seed, DiversityConfig diversity,
        IReadOnlyList<string> poolIds, Tensor pool, IReadOnlyList<string> candidateIds, Tensor candidates, Func<Tensor, string> saveCentroids, Device device,
        string? clusteringId = null) =>
        Run(runId, round, seed, diversity, poolIds, new TensorRows(pool), candidateIds, new TensorRows(candidates), saveCentroids, device, clusteringId);

    /// <summary>
    /// The same on row sources: a pool in a scratch file (<see cref="RowFile"/>) is clustered a block at a time, with the
    /// same events as from a tensor of the same rows.
    /// </summary>
    public static IReadOnlyList<object> Run(
        string runId, int round, long seed, DiversityConfig diversity,
        IReadOnlyList<string> poolIds, IRowSource pool, IReadOnlyList<string> candidateIds, IRowSource candidates, Func<Tensor, string> saveCentroids, Device device,
        string? clusteringId = null)
    {
        if (candidates.Rows != candidateIds.Count)
            throw new ArgumentException($"{candidateIds.Count} candidate ids for {candidates.Rows} vectors", nameof(candidateIds));
        if (pool.Rows != poolIds.Count)
            throw new ArgumentException($"{poolIds.Count} pool ids for {pool.Rows} vectors", nameof(poolIds));
        clusteringId ??= RunIds.Clustering(runId, round);
        long n = pool.Rows;
        if (n == 0)
        {
            // No seeds and nothing kept yet: there is nothing to be dense against. The filter keeps every
            // candidate on this rule, and the kept ones become the next round's pool.
            var none = saveCentroids(zeros([0, candidates.Columns], ScalarType.Float32));
            return [new ClusteringCompleted(runId, round, clusteringId, 0, 0, 0, true, 0, seed, none, [], 0)];
        }

        var firstK = diversity.KMeans == "first-k";
        int k = firstK ? FirstKKMeans.ClusterCount(n, diversity.KRatio) : SparseClusterRule.ClusterCount(n, diversity.KRatio);
        using var result = firstK
            ? FirstKKMeans.Fit(pool, k, diversity.Iterations, device: device)
            : CosineKMeans.Fit(pool, new KMeansOptions { K = k, Seed = seed, MaxIterations = diversity.Iterations }, device: device);
        var address = saveCentroids(result.Centroids);
        var sizes = result.Sizes.Select(s => checked((int)s)).ToList();

        var events = new List<object>(candidateIds.Count + 1);
        if (candidateIds.Count > 0)
        {
            var (cluster, cosine) = CosineKMeans.Assign(candidates, result.Centroids);
            for (var i = 0; i < candidateIds.Count; i++)
                events.Add(new ExampleAssignedToCluster(runId, candidateIds[i], clusteringId, (int)cluster[i], cosine[i], sizes[(int)cluster[i]]));
        }
        var poolGVendi = GVendi.Score(pool, device: device);
        events.Add(new ClusteringCompleted(runId, round, clusteringId, (int)n, k, result.Iterations, result.Converged,
            result.Objective, seed, address, sizes, poolGVendi, Sparsest(poolIds, result.Assignments, sizes)));
        return events;
    }

    /// <summary>Pool members ordered by their cluster's size, then cluster id, then example id; the first <see cref="SparseMember.Limit"/>.</summary>
    public static IReadOnlyList<SparseMember> Sparsest(IReadOnlyList<string> poolIds, IReadOnlyList<long> assignments, IReadOnlyList<int> sizes) =>
        poolIds.Select((id, row) => new SparseMember(id, (int)assignments[row], sizes[(int)assignments[row]]))
            .OrderBy(m => m.ClusterSize).ThenBy(m => m.ClusterId).ThenBy(m => m.ExampleId, StringComparer.Ordinal)
            .Take(SparseMember.Limit)
            .ToList();
}
