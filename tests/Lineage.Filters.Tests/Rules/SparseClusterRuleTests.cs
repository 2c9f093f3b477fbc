using Lineage.Filters.Clustering;
using Lineage.Filters.Rules;
using Lineage.Filters.Tests.Clustering;

namespace Lineage.Filters.Tests.Rules;

[Trait("Category", "Unit")]
public class the_sparse_cluster_rule
{
    [Theory]
    [InlineData(1000, 0.1, 100)]
    [InlineData(5, 0.1, 1)]     // round(0.5) = 0, raised to 1
    [InlineData(25, 0.1, 2)]    // 2.5 rounds to even
    [InlineData(35, 0.1, 4)]    // 3.5 rounds to even
    [InlineData(7, 1.0, 7)]
    public void clusters_a_pool_into_round_ratio_times_size_clusters_and_at_least_one(long pool, double ratio, int k)
    {
        Assert.Equal(k, SparseClusterRule.ClusterCount(pool, ratio));
    }

    [Fact]
    public void keeps_a_candidate_whose_cluster_is_below_the_size_at_rank_k_times_r()
    {
        // Sorted sizes 1..10; ⌊10 · 0.5⌋ = 5, so the threshold is the sixth smallest size, 6.
        var pool = SparseClusterPool.From([5, 1, 9, 3, 7, 2, 8, 4, 6, 10]);
        Assert.Equal(6, pool.Threshold);

        var kept = SparseClusterRule.Decide(pool, "c1", clusterId: 0, cosine: 0.93);
        Assert.True(kept.Keep);
        Assert.Equal(new SparseClusterEvidence("c1", 0, 0.93, 5, 6, 0.5, 10), kept.Evidence);
    }

    [Fact]
    public void drops_a_candidate_whose_cluster_is_exactly_at_the_threshold_with_the_size_as_evidence()
    {
        var pool = SparseClusterPool.From([5, 1, 9, 3, 7, 2, 8, 4, 6, 10]);
        var dropped = SparseClusterRule.Decide(pool, "c1", clusterId: 8, cosine: 0.71);

        Assert.False(dropped.Keep);
        var evidence = Assert.IsType<SparseClusterEvidence>(dropped.Evidence);
        Assert.Equal((6, 6), (evidence.ClusterSize, evidence.Threshold));
        Assert.Equal("landed in cluster 8 of clustering c1, size 6 ≥ threshold 6 (r 0.5 of 10 clusters)", dropped.Reason);
        Assert.Equal((6, 6, 8), (dropped.Evidence.Record(new()).ClusterSize, dropped.Evidence.Record(new()).Threshold, dropped.Evidence.Record(new()).ClusterId));
    }

    [Fact]
    public void clamps_the_rank_index_at_r_1_and_keeps_nothing_but_empty_clusters_at_r_0()
    {
        long[] sizes = [4, 0, 2, 9];
        Assert.Equal(9, SparseClusterPool.From(sizes, rank: 1).Threshold);
        var strict = SparseClusterPool.From(sizes, rank: 0);
        Assert.Equal(0, strict.Threshold);
        Assert.All(Enumerable.Range(0, 4), c => Assert.False(SparseClusterRule.Decide(strict, "c", c, 1).Keep));
    }

    [Fact]
    public void end_to_end_keeps_candidates_near_a_small_planted_cluster_and_drops_those_near_a_large_one()
    {
        // Pool: four clusters of 80, 60, 40 and 20 rows. K = round(0.02 · 200) = 4; sorted sizes
        // 20, 40, 60, 80; threshold = size at ⌊4 · 0.5⌋ = 2, i.e. 60. So only the 40- and 20-row clusters keep.
        var random = new Random(12);
        var centres = Enumerable.Range(0, 4).Select(_ => SphereData.Unit(SphereData.Gaussian(random, 16))).ToArray();
        int[] counts = [80, 60, 40, 20];
        double[] Near(int c) => SphereData.Unit(centres[c].Zip(SphereData.Gaussian(random, 16), (a, b) => a + 0.05 * b).ToArray());
        var pool = counts.SelectMany((count, c) => Enumerable.Range(0, count).Select(_ => Near(c))).ToArray();
        using var x = SphereData.ToTensor(pool);

        int k = SparseClusterRule.ClusterCount(pool.Length, ratio: 0.02);
        using var clustering = CosineKMeans.Fit(x, new KMeansOptions { K = k, Seed = 7 });
        var sparse = SparseClusterPool.From(clustering.Sizes);
        Assert.Equal([20L, 40, 60, 80], clustering.Sizes.Order());
        Assert.Equal(60, sparse.Threshold);

        using var candidates = SphereData.ToTensor([Near(3), Near(2), Near(1), Near(0)]);
        var (cluster, cosine) = CosineKMeans.Assign(candidates, clustering.Centroids);
        var decisions = cluster.Select((c, i) => SparseClusterRule.Decide(sparse, "c", (int)c, cosine[i])).ToArray();
        var evidence = decisions.Select(d => Assert.IsType<SparseClusterEvidence>(d.Evidence)).ToArray();

        Assert.Equal([true, true, false, false], decisions.Select(d => d.Keep));
        Assert.Equal([20, 40, 60, 80], evidence.Select(e => e.ClusterSize!.Value));
        Assert.All(evidence, e => Assert.InRange(e.Cosine!.Value, 0.8, 1.0));
    }
}
