using System.Diagnostics;
using Lineage.Filters.Clustering.Rows;
using static TorchSharp.torch;

namespace Lineage.Filters.Clustering;

/// <summary>
/// Cosine k-means as the paper's public code runs it: the first K rows are the initial centroids, then exactly
/// <c>iterations</c> rounds of "assign every row to its nearest centroid, then set each centroid to the normalised
/// sum of its rows", with no early stop and no reseeding. A cluster that empties has a zero sum, so its centroid
/// becomes the zero vector (cosine 0 to every row) and it stays empty unless a row is at a negative cosine to every
/// other centroid. Labels, cosines and sizes are those of the last assignment; the centroids are those after the
/// last update (where candidates are then placed). Ties go to the lowest cluster index.
/// </summary>
public static class FirstKKMeans
{
    public static KMeansResult Fit(Tensor x, int k, int iterations, int? chunkRows = null, Device? device = null,
        IProgress<KMeansProgress>? progress = null)
    {
        if (x.dim() != 2) throw new ArgumentException($"expected an [n, d] matrix, got {x.dim()} dimensions", nameof(x));
        using var scope = NewDisposeScope();
        var target = device ?? x.device;
        var rows = nn.functional.normalize(x.to(target).to_type(ScalarType.Float32), p: 2, dim: 1);
        var result = FitUnit(new TensorRows(rows), k, iterations, chunkRows, target, progress);
        result.Centroids.MoveToOuterDisposeScope();
        return result;
    }

    /// <summary>The same on rows read block by block (normalised as they are read); the same result for the same rows.</summary>
    public static KMeansResult Fit(IRowSource x, int k, int iterations, int? chunkRows = null, Device? device = null,
        IProgress<KMeansProgress>? progress = null)
    {
        if (x is TensorRows held) return Fit(held.Tensor, k, iterations, chunkRows, device, progress);
        using var scope = NewDisposeScope();
        var result = FitUnit(UnitRows.Normalized(x), k, iterations, chunkRows, device ?? x.Device, progress);
        result.Centroids.MoveToOuterDisposeScope();
        return result;
    }

    private static KMeansResult FitUnit(IRowSource rows, int k, int iterations, int? chunkRows, Device target,
        IProgress<KMeansProgress>? progress)
    {
        if (iterations < 1) throw new ArgumentOutOfRangeException(nameof(iterations), iterations, "at least one assign-and-update round");
        var options = new KMeansOptions { K = k, MaxIterations = iterations, Init = KMeansInit.FirstK, StopEarly = false };
        var total = Stopwatch.StartNew();
        options.Validate(rows.Rows);
        var centroids = rows.Read(0, k).to(target).clone();
        int chunk = chunkRows ?? KMeansOptions.DefaultChunkRows(k);
        var assignment = TimeSpan.Zero;
        AssignmentPass? last = null;
        bool converged = false;
        for (int iteration = 1; iteration <= iterations; iteration++)
        {
            var watch = Stopwatch.StartNew();
            var pass = AssignmentPass.Run(rows, centroids, chunk, accumulate: true, normalizeRows: false);
            assignment += watch.Elapsed;
            long changed = last is null ? rows.Rows : pass.Labels.ne(last.Labels).sum().item<long>();
            converged = changed == 0;
            // Normalising a zero sum gives the zero vector: an empty cluster is not reseeded.
            var updated = nn.functional.normalize(pass.Sums!, p: 2, dim: 1).to_type(ScalarType.Float32);
            centroids.Dispose();
            centroids = updated;
            last?.Dispose();
            last = pass;
            progress?.Report(new KMeansProgress(iteration, pass.Objective, changed, 0, total.Elapsed));
        }
        var sizes = last!.SizesOf(k);
        long[] labels;
        float[] cosines;
        using (var l = last.Labels.cpu()) labels = l.data<long>().ToArray();
        using (var c = last.Cosines.cpu()) cosines = c.data<float>().ToArray();
        var objective = last.Objective;
        last.Dispose();
        return new KMeansResult(centroids, labels, cosines, sizes, objective, iterations, converged,
            new KMeansTimings(TimeSpan.Zero, assignment, iterations, total.Elapsed));
    }

    /// <summary>K = ⌊ratio × n⌋ as the paper's code computes it (in double arithmetic, like Python's int()), at least 1.</summary>
    public static int ClusterCount(long poolSize, double ratio)
    {
        if (poolSize < 1) throw new ArgumentOutOfRangeException(nameof(poolSize), poolSize, "the pool is empty");
        if (!(ratio > 0 && ratio <= 1)) throw new ArgumentOutOfRangeException(nameof(ratio), ratio, "ratio must lie in (0, 1]");
        return (int)Math.Clamp((long)Math.Floor(ratio * poolSize), 1, poolSize);
    }
}
