using Lineage.Filters.Clustering;
using static TorchSharp.torch;

namespace Lineage.Filters.Tests.Clustering;

[Trait("Category", "Unit")]
public class cosine_kmeans_edge_cases
{
    [Fact]
    public void with_k_1_the_centroid_is_the_normalised_mean_and_everything_is_in_it()
    {
        var rows = SphereData.Uniform(n: 300, d: 5, seed: 1).Select(r => r.Select((v, j) => j == 0 ? Math.Abs(v) + 1 : v).ToArray())
            .Select(SphereData.Unit).ToArray();
        using var x = SphereData.ToTensor(rows);
        using var result = CosineKMeans.Fit(x, new KMeansOptions { K = 1, Seed = 0 });

        var mean = SphereData.Unit(Enumerable.Range(0, 5).Select(j => rows.Sum(r => r[j])).ToArray());
        var centroid = SphereData.ToRows(result.Centroids)[0];
        for (int j = 0; j < 5; j++) Assert.Equal(mean[j], centroid[j], 5);
        Assert.All(result.Assignments, a => Assert.Equal(0, a));
        Assert.Equal([300L], result.Sizes);
        Assert.True(result.Converged);
    }

    [Theory]
    [InlineData(KMeansInit.KMeansPlusPlus)]
    [InlineData(KMeansInit.FirstK)]
    public void with_k_equal_to_n_every_row_is_its_own_cluster_and_the_objective_is_zero(KMeansInit init)
    {
        var rows = SphereData.Uniform(n: 25, d: 6, seed: 2);
        using var x = SphereData.ToTensor(rows);
        using var result = CosineKMeans.Fit(x, new KMeansOptions { K = 25, Seed = 4, Init = init });

        Assert.All(result.Sizes, s => Assert.Equal(1, s));
        Assert.Equal(25, result.Assignments.Distinct().Count());
        Assert.InRange(result.Objective, 0, 1e-4);
    }

    [Fact]
    public void duplicate_rows_always_share_a_cluster()
    {
        var distinct = SphereData.Uniform(n: 5, d: 4, seed: 3);
        var rows = Enumerable.Range(0, 15).Select(i => distinct[i % 5]).ToArray();
        using var x = SphereData.ToTensor(rows);
        using var result = CosineKMeans.Fit(x, new KMeansOptions { K = 5, Seed = 9 });

        for (int i = 5; i < 15; i++) Assert.Equal(result.Assignments[i % 5], result.Assignments[i]);
        Assert.Equal([3L, 3, 3, 3, 3], result.Sizes);
        Assert.InRange(result.Objective, 0, 1e-4);
    }

    [Theory]
    [InlineData(KMeansInit.KMeansPlusPlus)]
    [InlineData(KMeansInit.FirstK)]
    public void with_more_clusters_than_distinct_rows_the_surplus_clusters_stay_empty(KMeansInit init)
    {
        // 4 distinct rows, 5 copies each, copies adjacent so that FirstK starts from copies of two rows.
        var distinct = SphereData.Uniform(n: 4, d: 6, seed: 8);
        var rows = Enumerable.Range(0, 20).Select(i => distinct[i / 5]).ToArray();
        using var x = SphereData.ToTensor(rows);
        using var result = CosineKMeans.Fit(x, new KMeansOptions { K = 7, Seed = 1, Init = init });

        Assert.Equal(7, result.K);
        Assert.Equal(4, result.Sizes.Count(s => s > 0));
        Assert.Equal(3, result.Sizes.Count(s => s == 0));
        Assert.All(result.Sizes.Where(s => s > 0), s => Assert.Equal(5, s));
        for (int i = 0; i < 20; i++) Assert.Equal(result.Assignments[i / 5 * 5], result.Assignments[i]);
        Assert.InRange(result.Objective, 0, 1e-4);
        Assert.True(result.Converged);
    }

    [Fact]
    public void an_empty_cluster_is_reseeded_with_the_row_farthest_from_its_centroid()
    {
        // Start with two identical centroids on row 0: cluster 1 is empty after the first pass.
        // The farthest row is the one antipodal-ish to row 0, so it must become a centroid.
        double[][] rows = [[1, 0, 0], [0.99, 0.141, 0], [0.98, 0, 0.199], [-1, 0, 0.05], [0.97, 0.243, 0]];
        rows = rows.Select(SphereData.Unit).ToArray();
        using var x = SphereData.ToTensor(rows);
        using var initial = SphereData.ToTensor([rows[0], rows[0]]);
        using var result = CosineKMeans.FitFrom(x, initial, new KMeansOptions { K = 2 });

        Assert.Equal(result.Assignments[0], result.Assignments[1]);
        Assert.NotEqual(result.Assignments[0], result.Assignments[3]);
        Assert.Equal(1, result.Sizes[result.Assignments[3]]);
        Assert.Equal(1.0, result.Cosines[3], 5);
    }

    [Fact]
    public void refuses_more_clusters_than_rows_and_rows_of_zeros()
    {
        using var x = SphereData.ToTensor(SphereData.Uniform(n: 3, d: 2, seed: 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => CosineKMeans.Fit(x, new KMeansOptions { K = 4 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => CosineKMeans.Fit(x, new KMeansOptions { K = 0 }));
        using var withZero = cat([x, zeros(1, 2)], 0);
        Assert.Throws<ArgumentException>(() => CosineKMeans.Fit(withZero, new KMeansOptions { K = 2 }));
    }
}
