using Lineage.Filters.Clustering;
using static TorchSharp.torch;

namespace Lineage.Filters.Tests.Clustering;

/// <summary>
/// The paper's k-means against a plain double-precision loop written here: first K rows, exactly N rounds of
/// assign-then-update, zero centroids for empty clusters, sizes from the last assignment.
/// </summary>
[Trait("Category", "Unit")]
public class FirstKKMeansSpecs
{
    [Theory]
    [InlineData(35, 3)]     // Lineage rounds 3.5 to 4
    [InlineData(25, 2)]
    [InlineData(1000, 100)]
    [InlineData(9, 1)]      // ⌊0.9⌋ = 0, raised to 1
    public void k_is_the_floor_of_a_tenth_of_the_pool(long pool, int k) =>
        Assert.Equal(k, FirstKKMeans.ClusterCount(pool, 0.1));

    [Theory]
    [InlineData(300, 16, 12, 0.6, 1, 20)]
    [InlineData(200, 8, 20, 1.5, 2, 20)]   // noisy: clusters move and some empty
    [InlineData(50, 4, 5, 0.3, 3, 1)]
    public void matches_a_plain_assign_then_update_loop(int n, int d, int k, double noise, int seed, int iterations)
    {
        var (rows, _) = SphereData.Planted(n, d, Math.Max(2, k / 2), noise, seed);
        var (labels, sizes, centroids) = Plain(rows, k, iterations);

        using var x = tensor(rows.SelectMany(r => r.Select(v => (float)v)).ToArray(), [n, d]);
        using var result = FirstKKMeans.Fit(x, k, iterations);
        Assert.Equal(labels, result.Assignments.Select(a => (int)a));
        Assert.Equal(sizes, result.Sizes.Select(s => (int)s));
        Assert.Equal(iterations, result.Iterations);
        var fitted = result.Centroids.data<float>().ToArray();
        for (var c = 0; c < k; c++)
            for (var j = 0; j < d; j++)
                Assert.True(Math.Abs(fitted[c * d + j] - centroids[c][j]) < 1e-4, $"centroid {c} coordinate {j}");
    }

    private static (int[] Labels, int[] Sizes, double[][] Centroids) Plain(double[][] rows, int k, int iterations)
    {
        var unit = rows.Select(Normalise).ToArray();
        var centroids = unit.Take(k).Select(r => r.ToArray()).ToArray();
        var labels = new int[rows.Length];
        for (var it = 0; it < iterations; it++)
        {
            for (var i = 0; i < unit.Length; i++)
            {
                int best = 0;
                double bestCos = double.NegativeInfinity;
                for (var c = 0; c < k; c++)
                {
                    var cos = unit[i].Zip(centroids[c], (a, b) => a * b).Sum();
                    if (cos > bestCos + 1e-9) (best, bestCos) = (c, cos);
                }
                labels[i] = best;
            }
            var sums = Enumerable.Range(0, k).Select(_ => new double[unit[0].Length]).ToArray();
            for (var i = 0; i < unit.Length; i++)
                for (var j = 0; j < unit[i].Length; j++) sums[labels[i]][j] += unit[i][j];
            centroids = sums.Select(Normalise).ToArray();
        }
        var sizes = new int[k];
        foreach (var l in labels) sizes[l]++;
        return (labels, sizes, centroids);
    }

    private static double[] Normalise(double[] v)
    {
        var norm = Math.Sqrt(v.Sum(x => x * x));
        return norm < 1e-12 ? new double[v.Length] : v.Select(x => x / norm).ToArray();
    }
}
