using System.Diagnostics;
using Lineage.Filters.Clustering.Rows;
using static TorchSharp.torch;

namespace Lineage.Filters.Clustering;

/// <summary>
/// Spherical (cosine) k-means: rows and centroids are unit vectors, a row belongs to the
/// centroid of highest cosine, and a centroid is the normalised sum of its rows. Runs on the
/// device of the rows unless told otherwise; on the CPU a seed gives identical results.
/// </summary>
public static class CosineKMeans
{
    /// <summary>Seeds with <see cref="KMeansOptions.Init"/>, then runs Lloyd iterations.</summary>
    /// <param name="x">[n, d] float32 rows; normalised to unit length (an all-zero row is an error).</param>
    /// <param name="device">Where to compute; defaults to the device of <paramref name="x"/>.</param>
    public static KMeansResult Fit(Tensor x, KMeansOptions options, IProgress<KMeansProgress>? progress = null,
        Device? device = null)
    {
        using var scope = NewDisposeScope();
        var rows = PrepareRows(x, options, device ?? x.device);
        var result = FitUnit(new TensorRows(rows), options, progress, rows.device);
        result.Centroids.MoveToOuterDisposeScope();
        return result;
    }

    /// <summary>
    /// The same on rows read block by block (a <see cref="RowFile"/>): only a block of
    /// <see cref="KMeansOptions.ChunkRows"/> rows, the centroids, their float64 sums and a few numbers per row
    /// (label, cosine, seeding weights) are held at once. Given the same rows, the result is the one
    /// <see cref="Fit(Tensor, KMeansOptions, IProgress{KMeansProgress}?, Device?)"/> gives.
    /// </summary>
    /// <param name="device">Where to compute; defaults to the device blocks come from.</param>
    public static KMeansResult Fit(IRowSource x, KMeansOptions options, IProgress<KMeansProgress>? progress = null,
        Device? device = null)
    {
        if (x is TensorRows held) return Fit(held.Tensor, options, progress, device);
        using var scope = NewDisposeScope();
        var target = device ?? x.Device;
        var rows = UnitRows.Of(x, options, target);
        var result = FitUnit(rows, options, progress, target);
        result.Centroids.MoveToOuterDisposeScope();
        return result;
    }

    private static KMeansResult FitUnit(IRowSource rows, KMeansOptions options, IProgress<KMeansProgress>? progress, Device device)
    {
        var total = Stopwatch.StartNew();
        var seeding = Stopwatch.StartNew();
        var initial = KMeansSeeding.Seed(rows, options, device);
        seeding.Stop();
        return Lloyd(rows, initial, options, progress, total, seeding.Elapsed);
    }

    /// <summary>
    /// Lloyd iterations from given centroids [K, d] (normalised here); K comes from their rows
    /// and <see cref="KMeansOptions.Init"/> and <see cref="KMeansOptions.Seed"/> are ignored.
    /// </summary>
    public static KMeansResult FitFrom(Tensor x, Tensor initialCentroids, KMeansOptions options,
        IProgress<KMeansProgress>? progress = null, Device? device = null)
    {
        using var scope = NewDisposeScope();
        var total = Stopwatch.StartNew();
        var target = device ?? x.device;
        options = options with { K = (int)initialCentroids.shape[0] };
        var rows = PrepareRows(x, options, target);
        if (initialCentroids.shape[1] != rows.shape[1])
        {
            throw new ArgumentException($"centroids have {initialCentroids.shape[1]} columns but rows have {rows.shape[1]}");
        }
        var initial = nn.functional.normalize(initialCentroids.to(target).to_type(ScalarType.Float32), p: 2, dim: 1);
        var result = Lloyd(new TensorRows(rows), initial, options, progress, total, TimeSpan.Zero);
        result.Centroids.MoveToOuterDisposeScope();
        return result;
    }

    /// <summary>
    /// Nearest centroid and its cosine for each row of <paramref name="x"/> (rows normalised
    /// chunk by chunk; an all-zero row gets cosine 0). Computes on the centroids' device.
    /// A tie goes to the lowest cluster index.
    /// </summary>
    public static (long[] Cluster, float[] Cosine) Assign(Tensor x, Tensor centroids, int? chunkRows = null)
    {
        if (x.dim() != 2) throw new ArgumentException("rows and centroids must be matrices");
        return Assign(new TensorRows(x), centroids, chunkRows);
    }

    /// <inheritdoc cref="Assign(Tensor, Tensor, int?)"/>
    public static (long[] Cluster, float[] Cosine) Assign(IRowSource x, Tensor centroids, int? chunkRows = null)
    {
        using var scope = NewDisposeScope();
        if (centroids.dim() != 2) throw new ArgumentException("rows and centroids must be matrices");
        var unitCentroids = nn.functional.normalize(centroids.to_type(ScalarType.Float32), p: 2, dim: 1);
        int chunk = chunkRows ?? KMeansOptions.DefaultChunkRows(centroids.shape[0]);
        using var pass = AssignmentPass.Run(x, unitCentroids, chunk, accumulate: false, normalizeRows: true);
        using var labels = pass.Labels.cpu();
        using var cosines = pass.Cosines.cpu();
        return (labels.data<long>().ToArray(), cosines.data<float>().ToArray());
    }

    private static Tensor PrepareRows(Tensor x, KMeansOptions options, Device device)
    {
        if (x.dim() != 2) throw new ArgumentException($"expected an [n, d] matrix, got {x.dim()} dimensions", nameof(x));
        options.Validate(x.shape[0]);
        var rows = x.to(device).to_type(ScalarType.Float32);
        var norms = rows.norm(dim: 1);
        if (norms.min().item<float>() == 0f)
        {
            throw new ArgumentException("an all-zero row has no direction, so its cosine to a centroid is undefined", nameof(x));
        }
        // Unit input (the usual case) is used as is; normalising anyway would copy the whole matrix.
        bool unit = (norms - 1).abs().max().item<float>() <= 1e-4f;
        return unit ? rows : rows / norms.unsqueeze(1);
    }

    private static KMeansResult Lloyd(IRowSource rows, Tensor initial, KMeansOptions options,
        IProgress<KMeansProgress>? progress, Stopwatch total, TimeSpan seeding)
    {
        long k = initial.shape[0];
        int chunkRows = options.ChunkRows ?? KMeansOptions.DefaultChunkRows(k);
        var assignmentTime = TimeSpan.Zero;
        int passes = 0;

        AssignmentPass Assign(Tensor centroids, bool accumulate)
        {
            var watch = Stopwatch.StartNew();
            var pass = AssignmentPass.Run(rows, centroids, chunkRows, accumulate, normalizeRows: false);
            assignmentTime += watch.Elapsed;
            passes++;
            return pass;
        }

        var centroids = initial;
        var current = Assign(centroids, accumulate: options.MaxIterations > 0);
        progress?.Report(new KMeansProgress(0, current.Objective, rows.Rows, 0, total.Elapsed));
        int iterations = 0;
        bool converged = false;

        for (int iteration = 1; iteration <= options.MaxIterations; iteration++)
        {
            using var scope = NewDisposeScope();
            var sizes = current.SizesOf(k);
            var empty = Enumerable.Range(0, (int)k).Where(j => sizes[j] == 0).Select(j => (long)j).ToList();
            var updated = Update(current.Sums!, centroids, empty);
            int reseeded = EmptyClusterReseeder.Reseed(rows, current.Cosines, empty, updated);

            var next = Assign(updated, accumulate: iteration < options.MaxIterations);
            long changed = next.Labels.ne(current.Labels).sum().item<long>();
            double decrease = current.Objective - next.Objective;
            double previous = current.Objective;

            updated.MoveToOuterDisposeScope();
            next.MoveToOuterDisposeScope();
            centroids.Dispose();
            current.Dispose();
            centroids = updated;
            current = next;
            iterations = iteration;
            progress?.Report(new KMeansProgress(iteration, current.Objective, changed, reseeded, total.Elapsed));

            converged = reseeded == 0 && (changed == 0 || decrease <= options.Tolerance * previous);
            if (converged && options.StopEarly) break;
        }

        var finalSizes = current.SizesOf(k);
        long[] assignments;
        float[] cosines;
        using (var labels = current.Labels.cpu()) assignments = labels.data<long>().ToArray();
        using (var cos = current.Cosines.cpu()) cosines = cos.data<float>().ToArray();
        double objective = current.Objective;
        current.Dispose();
        var timings = new KMeansTimings(seeding, assignmentTime, passes, total.Elapsed);
        return new KMeansResult(centroids, assignments, cosines, finalSizes, objective, iterations, converged, timings);
    }

    /// <summary>Normalised cluster sums; an empty cluster keeps its old centroid until reseeded.</summary>
    private static Tensor Update(Tensor sums, Tensor previous, List<long> empty)
    {
        var norms = sums.norm(dim: 1, keepdim: true).clamp_min(1e-300);
        var updated = (sums / norms).to_type(ScalarType.Float32);
        if (empty.Count > 0)
        {
            var index = tensor(empty.ToArray(), device: previous.device);
            updated.index_copy_(0, index, previous.index_select(0, index));
        }
        return updated;
    }
}
