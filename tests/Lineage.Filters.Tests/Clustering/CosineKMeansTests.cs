using Lineage.Filters.Clustering;
using static TorchSharp.torch;

namespace Lineage.Filters.Tests.Clustering;

[Trait("Category", "Unit")]
public class cosine_kmeans
{
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    public void recovers_planted_clusters_on_the_sphere_with_adjusted_rand_at_least_0_95(long seed)
    {
        // Noise 0.08 per coordinate in 32 dimensions: rows sit at cosine ≈ 0.91 from their centre,
        // centres at |cos| ≲ 0.45 from each other.
        var (rows, truth) = SphereData.Planted(n: 3000, d: 32, clusters: 12, noise: 0.08, seed: 11);
        using var x = SphereData.ToTensor(rows);
        using var result = CosineKMeans.Fit(x, new KMeansOptions { K = 12, Seed = seed });

        double ari = AdjustedRand.Index(truth.Select(t => (long)t).ToArray(), result.Assignments);
        Assert.True(ari >= 0.95, $"ARI {ari}");
        Assert.Equal(3000, result.Sizes.Sum());
    }

    [Fact]
    public void greedy_seeding_covers_more_planted_clusters_than_classic_kmeans_plus_plus()
    {
        var (rows, truth) = SphereData.Planted(n: 3000, d: 32, clusters: 12, noise: 0.08, seed: 11);
        using var x = SphereData.ToTensor(rows);
        int Covered(int trials, long seed)
        {
            using var seeds = KMeansSeeding.Seed(x, new KMeansOptions { K = 12, Seed = seed, SeedingTrials = trials });
            // Seeds are data rows, so each one's true cluster is that of the row it equals.
            return SphereData.ToRows(seeds)
                .Select(c => truth[Enumerable.Range(0, rows.Length).MaxBy(i => SphereData.Dot(rows[i], c))])
                .Distinct().Count();
        }
        double greedy = Enumerable.Range(0, 8).Average(s => Covered(4, s));
        double classic = Enumerable.Range(0, 8).Average(s => Covered(1, s));
        Assert.True(greedy > classic + 0.5 && greedy >= 11.5, $"greedy covers {greedy}, classic {classic} of 12");
    }

    [Fact]
    public void reaches_the_objective_of_an_independent_double_precision_implementation_from_the_same_start()
    {
        var rows = SphereData.Uniform(n: 1200, d: 16, seed: 21);
        using var x = SphereData.ToTensor(rows);
        using var initial = KMeansSeeding.Seed(x, new KMeansOptions { K = 20, Seed = 8 });
        var plain = PlainKMeans.Run(rows, SphereData.ToRows(initial), maxIterations: 20);

        using var result = CosineKMeans.FitFrom(x, initial, new KMeansOptions { K = 20, Tolerance = 0 });

        Assert.InRange(result.Objective, plain.Objective * 0.99, plain.Objective * 1.01);
        int agree = result.Assignments.Where((a, i) => a == plain.Labels[i]).Count();
        Assert.True(agree >= 0.98 * rows.Length, $"{agree} of {rows.Length} rows agree");
    }

    [Fact]
    public void reports_assignments_sizes_and_objective_that_match_its_own_centroids()
    {
        var rows = SphereData.Uniform(n: 900, d: 12, seed: 4);
        using var x = SphereData.ToTensor(rows);
        using var result = CosineKMeans.Fit(x, new KMeansOptions { K = 15, Seed = 1, MaxIterations = 5 });

        var centroids = SphereData.ToRows(result.Centroids);
        Assert.All(centroids, c => Assert.Equal(1.0, Math.Sqrt(SphereData.Dot(c, c)), 5));
        var (labels, objective) = PlainKMeans.Assign(rows, centroids);
        Assert.Equal(labels.Select(l => (long)l), result.Assignments);
        Assert.Equal(objective, result.Objective, 3);
        for (int c = 0; c < 15; c++) Assert.Equal(labels.Count(l => l == c), result.Sizes[c]);
        for (int i = 0; i < rows.Length; i++)
            Assert.InRange(result.Cosines[i] - SphereData.Dot(rows[i], centroids[labels[i]]), -1e-5, 1e-5);
    }

    [Fact]
    public void gives_identical_results_for_the_same_seed_and_different_starts_for_another()
    {
        var rows = SphereData.Uniform(n: 800, d: 8, seed: 9);
        using var x = SphereData.ToTensor(rows);
        var options = new KMeansOptions { K = 10, Seed = 42 };
        using var first = CosineKMeans.Fit(x, options);
        using var second = CosineKMeans.Fit(x, options);
        using var other = KMeansSeeding.Seed(x, options with { Seed = 43 });
        using var same = KMeansSeeding.Seed(x, options);

        Assert.Equal(first.Assignments, second.Assignments);
        Assert.Equal(first.Centroids.data<float>().ToArray(), second.Centroids.data<float>().ToArray());
        Assert.Equal(first.Objective, second.Objective);
        Assert.NotEqual(same.data<float>().ToArray(), other.data<float>().ToArray());
    }

    [Fact]
    public void does_not_depend_on_the_chunk_size()
    {
        var rows = SphereData.Uniform(n: 1000, d: 10, seed: 2);
        using var x = SphereData.ToTensor(rows);
        using var whole = CosineKMeans.Fit(x, new KMeansOptions { K = 9, Seed = 3 });
        using var chunked = CosineKMeans.Fit(x, new KMeansOptions { K = 9, Seed = 3, ChunkRows = 7 });

        Assert.Equal(whole.Assignments, chunked.Assignments);
        Assert.Equal(whole.Objective, chunked.Objective, 4);
    }

    [Fact]
    public void stops_at_the_iteration_cap_and_reports_every_iteration()
    {
        var rows = SphereData.Uniform(n: 2000, d: 6, seed: 5);
        using var x = SphereData.ToTensor(rows);
        var reports = new List<KMeansProgress>();
        using var result = CosineKMeans.Fit(x, new KMeansOptions { K = 40, Seed = 1, MaxIterations = 3, Tolerance = 0 },
            new SynchronousProgress(reports.Add));

        Assert.Equal(3, result.Iterations);
        Assert.False(result.Converged);
        Assert.Equal([0, 1, 2, 3], reports.Select(r => r.Iteration));
        Assert.True(reports[^1].Objective <= reports[0].Objective, "Lloyd iterations never increase the objective");
        Assert.Equal(result.Objective, reports[^1].Objective);
        Assert.Equal(4, result.Timings.AssignmentPasses);
    }

    [Fact]
    public void keeps_centroids_exact_past_the_float32_accumulation_window_of_65536_rows()
    {
        var rows = SphereData.Uniform(n: 70_000, d: 3, seed: 13);
        using var x = SphereData.ToTensor(rows);
        using var initial = SphereData.ToTensor(rows.Take(4).ToArray());
        var plain = PlainKMeans.Run(rows, rows.Take(4).ToArray(), maxIterations: 2);

        using var result = CosineKMeans.FitFrom(x, initial, new KMeansOptions { K = 4, MaxIterations = 2, Tolerance = 0 });

        Assert.Equal(plain.Objective, result.Objective, 1);
        int agree = result.Assignments.Where((a, i) => a == plain.Labels[i]).Count();
        Assert.True(agree >= rows.Length - 20, $"{agree} of {rows.Length} rows agree");
    }

    [Fact]
    public void runs_exactly_the_iteration_cap_when_told_not_to_stop_early()
    {
        var (rows, _) = SphereData.Planted(n: 400, d: 8, clusters: 4, noise: 0.05, seed: 2);
        using var x = SphereData.ToTensor(rows);
        using var early = CosineKMeans.Fit(x, new KMeansOptions { K = 4, Seed = 1 });
        using var full = CosineKMeans.Fit(x, new KMeansOptions { K = 4, Seed = 1, StopEarly = false });

        Assert.True(early.Iterations < 20);
        Assert.True(early.Converged);
        Assert.Equal(20, full.Iterations);
        Assert.True(full.Converged);
        Assert.Equal(early.Assignments, full.Assignments);
    }

    [Fact]
    public void assigns_new_candidates_to_their_nearest_centroid_even_when_not_unit_length()
    {
        var centroidRows = SphereData.Uniform(n: 30, d: 8, seed: 6);
        var candidates = SphereData.Uniform(n: 200, d: 8, seed: 7);
        using var centroids = SphereData.ToTensor(centroidRows);
        using var scaled = SphereData.ToTensor(candidates) * 3.5f;

        var (cluster, cosine) = CosineKMeans.Assign(scaled, centroids, chunkRows: 16);

        var (expected, _) = PlainKMeans.Assign(candidates, centroidRows);
        Assert.Equal(expected.Select(l => (long)l), cluster);
        for (int i = 0; i < candidates.Length; i++)
            Assert.InRange(cosine[i] - SphereData.Dot(candidates[i], centroidRows[expected[i]]), -1e-5, 1e-5);
    }

    /// <summary><see cref="Progress{T}"/> posts to the thread pool; the test needs reports in order, now.</summary>
    private sealed class SynchronousProgress(Action<KMeansProgress> report) : IProgress<KMeansProgress>
    {
        public void Report(KMeansProgress value) => report(value);
    }
}
