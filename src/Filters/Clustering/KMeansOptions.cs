namespace Lineage.Filters.Clustering;

/// <summary>How the first centroids are chosen.</summary>
public enum KMeansInit
{
    /// <summary>
    /// k-means++ (Arthur and Vassilvitskii 2007) with D(x) = 1 − max cos, which is half
    /// the squared Euclidean distance on the unit sphere. Seeded, deterministic.
    /// </summary>
    KMeansPlusPlus,

    /// <summary>The first K rows, as the paper's reference code can do.</summary>
    FirstK,
}

/// <summary>Settings of one cosine k-means run.</summary>
public sealed record KMeansOptions
{
    /// <summary>Number of clusters; 1 ≤ K ≤ number of rows.</summary>
    public required int K { get; init; }

    /// <summary>Seed of k-means++ sampling (ignored by <see cref="KMeansInit.FirstK"/>).</summary>
    public long Seed { get; init; }

    /// <summary>Upper bound on Lloyd iterations (one iteration = update + reassignment).</summary>
    public int MaxIterations { get; init; } = 20;

    /// <summary>
    /// Stop early when the objective fell by no more than this fraction of itself in one
    /// iteration. 0 stops only when no point changes cluster (or at the cap).
    /// </summary>
    public double Tolerance { get; init; } = 1e-6;

    /// <summary>
    /// False runs exactly <see cref="MaxIterations"/> iterations even after convergence, like the
    /// reference pipeline's fixed 20 (and so that benchmarks time a known amount of work).
    /// </summary>
    public bool StopEarly { get; init; } = true;

    public KMeansInit Init { get; init; } = KMeansInit.KMeansPlusPlus;

    /// <summary>
    /// Candidates drawn per k-means++ step, the best kept. Null: 2 + ⌊ln K⌋ (scikit-learn's
    /// choice); 1: classic k-means++.
    /// </summary>
    public int? SeedingTrials { get; init; }

    internal int SeedingTrialsFor(int k) => SeedingTrials ?? 2 + (int)Math.Log(k);

    /// <summary>
    /// Rows per assignment chunk; the similarity block held at once is ChunkRows × K floats.
    /// Null picks the largest power of two whose block stays under 64 MiB.
    /// </summary>
    public int? ChunkRows { get; init; }

    internal void Validate(long rows)
    {
        if (K < 1) throw new ArgumentOutOfRangeException(nameof(K), K, "K must be at least 1");
        if (K > rows) throw new ArgumentOutOfRangeException(nameof(K), K, $"K must not exceed the number of rows ({rows})");
        if (MaxIterations < 0) throw new ArgumentOutOfRangeException(nameof(MaxIterations), MaxIterations, "must be ≥ 0");
        if (!(Tolerance >= 0)) throw new ArgumentOutOfRangeException(nameof(Tolerance), Tolerance, "must be ≥ 0");
        if (SeedingTrials is < 1) throw new ArgumentOutOfRangeException(nameof(SeedingTrials), SeedingTrials, "must be ≥ 1");
        if (ChunkRows is < 1) throw new ArgumentOutOfRangeException(nameof(ChunkRows), ChunkRows, "must be ≥ 1");
    }

    /// <summary>The chunk size used for K clusters when none is set.</summary>
    public static int DefaultChunkRows(long k)
    {
        const long budgetFloats = 16L << 20; // 64 MiB of float32 similarities
        long rows = 1;
        while (rows * 2 * k <= budgetFloats && rows < (1 << 16)) rows *= 2;
        return (int)rows;
    }
}

/// <summary>Reported after seeding (Iteration 0) and after every Lloyd iteration.</summary>
public sealed record KMeansProgress(
    int Iteration,
    double Objective,
    long PointsReassigned,
    int EmptyClustersReseeded,
    TimeSpan Elapsed);
