using static TorchSharp.torch;

namespace Lineage.Filters.Clustering;

/// <summary>Where the time of a run went; the benchmark reads these.</summary>
public sealed record KMeansTimings(TimeSpan Seeding, TimeSpan Assignment, int AssignmentPasses, TimeSpan Total);

/// <summary>
/// The outcome of <see cref="CosineKMeans.Fit"/>. <see cref="Assignments"/>,
/// <see cref="Cosines"/>, <see cref="Sizes"/> and <see cref="Objective"/> all describe
/// the final <see cref="Centroids"/> (a last assignment pass runs after the last update).
/// Owns <see cref="Centroids"/>: dispose it, or move the tensor out first.
/// </summary>
public sealed class KMeansResult : IDisposable
{
    public KMeansResult(Tensor centroids, long[] assignments, float[] cosines, long[] sizes,
        double objective, int iterations, bool converged, KMeansTimings timings)
    {
        Centroids = centroids;
        Assignments = assignments;
        Cosines = cosines;
        Sizes = sizes;
        Objective = objective;
        Iterations = iterations;
        Converged = converged;
        Timings = timings;
    }

    /// <summary>[K, d] float32, unit rows.</summary>
    public Tensor Centroids { get; }

    /// <summary>Cluster of each row, 0 ≤ a &lt; K.</summary>
    public long[] Assignments { get; }

    /// <summary>Cosine of each row to its assigned centroid.</summary>
    public float[] Cosines { get; }

    /// <summary>Rows per cluster; length K, zeros for empty clusters.</summary>
    public long[] Sizes { get; }

    /// <summary>Σ over rows of (1 − cos to the assigned centroid).</summary>
    public double Objective { get; }

    /// <summary>Lloyd iterations run (0 when MaxIterations is 0).</summary>
    public int Iterations { get; }

    /// <summary>
    /// True when the last iteration met the stopping rule (no row changed cluster, or the
    /// objective fell by at most Tolerance of itself, with no cluster reseeded).
    /// </summary>
    public bool Converged { get; }

    public KMeansTimings Timings { get; }

    public int K => Sizes.Length;

    public void Dispose() => Centroids.Dispose();
}
