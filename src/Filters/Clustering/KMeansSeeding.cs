using Lineage.Filters.Clustering.Rows;
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
    /// <remarks>
    /// Each k-means++ step reads every row once. A resident source is taken as one block, as a whole tensor would be;
    /// other sources are read in blocks of <see cref="KMeansOptions.ChunkRows"/>, holding the cosines of every row
    /// to the step's candidates ([n, trials] float32) so that the step's sums are taken over all rows at once, as
    /// they are for a whole tensor.
    /// </remarks>
    public static Tensor Seed(Tensor unitRows, KMeansOptions options) => Seed(new TensorRows(unitRows), options, unitRows.device);

    /// <inheritdoc cref="Seed(Tensor, KMeansOptions)"/>
    public static Tensor Seed(IRowSource unitRows, KMeansOptions options, Device device)
    {
        options.Validate(unitRows.Rows);
        return options.Init switch
        {
            KMeansInit.FirstK => FirstK(unitRows, options.K, device),
            KMeansInit.KMeansPlusPlus => PlusPlus(unitRows, options.K, options.Seed, options.SeedingTrialsFor(options.K),
                unitRows.BlockRows(options.ChunkRows ?? KMeansOptions.DefaultChunkRows(options.K)), device),
            _ => throw new ArgumentOutOfRangeException(nameof(options), options.Init, "unknown init"),
        };
    }

    private static Tensor FirstK(IRowSource x, int k, Device device)
    {
        using var scope = NewDisposeScope();
        return x.Read(0, k).to(device).to_type(ScalarType.Float32).clone().MoveToOuterDisposeScope();
    }

    private static Tensor PlusPlus(IRowSource x, int k, long seed, int trials, long block, Device device)
    {
        using var scope = NewDisposeScope();
        long n = x.Rows;
        var rng = new SplitMix64(seed);
        var chosen = new long[k];
        chosen[0] = rng.NextInt64(n);
        var best = Cosines(x, x.Gather([chosen[0]]).to(device), block, device).squeeze(1);

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
            long[] candidates;
            using (var found = searchsorted(cumulative, tensor(draws, device: device), right: true).clamp_max(n - 1).cpu())
                candidates = found.data<long>().ToArray();
            // One [n, trials] product reads X once for all candidates, so extra trials are nearly free.
            var similarities = Cosines(x, x.Gather(candidates).to(device), block, device);
            // Σ D falls by Σ relu(cos − best) when a candidate is added; the largest fall wins.
            var gains = (similarities - best.unsqueeze(1)).clamp_min_(0).sum(dim: 0, type: ScalarType.Float64);
            long winner = gains.argmax().item<long>();
            chosen[j] = candidates[winner];
            best.copy_(maximum(best, similarities.select(1, winner)));
        }

        var kept = chosen.TakeWhile(c => c >= 0).ToArray();
        var seeds = x.Gather(kept).to(device).to_type(ScalarType.Float32);
        if (kept.Length < k) seeds = cat([seeds, zeros(k - kept.Length, x.Columns, dtype: seeds.dtype, device: device)], dim: 0);
        return seeds.MoveToOuterDisposeScope();
    }

    /// <summary>
    /// [n, m] cosines of every row to the m given unit rows, a block of rows at a time. One row is a matrix-vector
    /// product, several a matrix product (the two round differently, and seeds have always been chosen this way).
    /// </summary>
    private static Tensor Cosines(IRowSource x, Tensor of, long block, Device device)
    {
        long n = x.Rows;
        Tensor Of(Tensor rows) => of.shape[0] == 1 ? rows.mv(of[0]).unsqueeze(1) : rows.mm(of.t());
        if (block >= n) return Of(x.Read(0, n).to(device).to_type(ScalarType.Float32));
        var all = empty(n, of.shape[0], ScalarType.Float32, device);
        for (long start = 0; start < n; start += block)
        {
            using var scope = NewDisposeScope();
            long rows = Math.Min(block, n - start);
            all.narrow(0, start, rows).copy_(Of(x.Read(start, rows).to(device).to_type(ScalarType.Float32)));
        }
        return all;
    }

    /// <summary>D = 1 − best cosine in float64, zero where a row sits on a centroid (sampling weights).</summary>
    private static Tensor Weights(Tensor best)
    {
        var gap = 1.0 - best.to_type(ScalarType.Float64);
        return gap.masked_fill(gap <= CoincidentGap, 0.0);
    }
}
