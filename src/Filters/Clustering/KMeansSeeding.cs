using static TorchSharp.torch;

namespace Lineage.Filters.Clustering;

/// <summary>Chooses the initial centroids of <see cref="CosineKMeans"/>.</summary>
public static class KMeansSeeding
{
    /// <summary>
    /// A point whose cosine to a centroid is within this of 1 counts as sitting on it: float32
    /// dot products of equal unit vectors land within about 1e-7 of 1, so without the margin
    /// rounding noise would look like distance and copies would be chosen as "new" centroids.
    /// </summary>
    public const double CoincidentGap = 1e-6;

    /// <summary>
    /// Initial centroids [K, d] for unit rows <paramref name="unitRows"/>, on their device.
    /// k-means++: the first centroid is a uniformly drawn row; each next one is row i with
    /// probability ∝ D(i) = 1 − max cos(i, chosen) (zero within <see cref="CoincidentGap"/>).
    /// "Greedy" k-means++ as in scikit-learn: each step draws <see cref="KMeansOptions.SeedingTrials"/>
    /// candidates that way and keeps the one that lowers Σ D the most (ties: earliest draw); plain
    /// k-means++ (one trial) often puts two seeds in one true cluster and none in another.
    /// When every row already sits on a chosen centroid (fewer distinct rows than K), the
    /// remaining centroids are zero vectors: every row has cosine 0 to them and about 1 to its own
    /// centroid, so they stay empty during Lloyd iterations. (Copies of a chosen centroid would tie
    /// with it, and float32 matrix products do not round equal columns alike on every CPU: some rows
    /// of one true cluster then went to the copy.)
    /// </summary>
    public static Tensor Seed(Tensor unitRows, KMeansOptions options)
    {
        options.Validate(unitRows.shape[0]);
        return options.Init switch
        {
            KMeansInit.FirstK => FirstK(unitRows, options.K),
            KMeansInit.KMeansPlusPlus => PlusPlus(unitRows, options.K, options.Seed, options.SeedingTrialsFor(options.K)),
            _ => throw new ArgumentOutOfRangeException(nameof(options), options.Init, "unknown init"),
        };
    }

    private static Tensor FirstK(Tensor x, int k)
    {
        using var scope = NewDisposeScope();
        return x.narrow(0, 0, k).clone().MoveToOuterDisposeScope();
    }

    private static Tensor PlusPlus(Tensor x, int k, long seed, int trials)
    {
        using var scope = NewDisposeScope();
        long n = x.shape[0];
        var rng = new SplitMix64(seed);
        var chosen = new long[k];
        chosen[0] = rng.NextInt64(n);
        var best = x.mv(x[chosen[0]]);

        for (int j = 1; j < k; j++)
        {
            using var step = NewDisposeScope();
            var cumulative = Weights(best).cumsum(dim: 0);
            double total = cumulative[n - 1].item<double>();
            if (total <= 0)
            {
                // Every row sits on a chosen centroid: no distinct direction is left.
                chosen[j] = -1;
                continue;
            }
            var draws = new double[trials];
            for (int t = 0; t < trials; t++) draws[t] = rng.NextDouble() * total;
            // First index whose running total exceeds the draw; rows of weight 0 can never be it.
            var candidates = searchsorted(cumulative, tensor(draws, device: x.device), right: true).clamp_max(n - 1);
            // One [n, trials] product reads X once for all candidates, so extra trials are nearly free.
            var similarities = x.mm(x.index_select(0, candidates).t());
            // Σ D falls by Σ relu(cos − best) when a candidate is added; the largest fall wins.
            var gains = (similarities - best.unsqueeze(1)).clamp_min_(0).sum(dim: 0, type: ScalarType.Float64);
            long winner = gains.argmax().item<long>();
            chosen[j] = candidates[winner].item<long>();
            best.copy_(maximum(best, similarities.select(1, winner)));
        }

        var found = chosen.TakeWhile(c => c >= 0).ToArray();
        var seeds = x.index_select(0, tensor(found, device: x.device));
        if (found.Length < k) seeds = cat([seeds, zeros(k - found.Length, x.shape[1], dtype: x.dtype, device: x.device)], dim: 0);
        return seeds.MoveToOuterDisposeScope();
    }

    /// <summary>D = 1 − best cosine in float64, zero where a row sits on a centroid (sampling weights).</summary>
    private static Tensor Weights(Tensor best)
    {
        var gap = 1.0 - best.to_type(ScalarType.Float64);
        return gap.masked_fill(gap <= CoincidentGap, 0.0);
    }
}
