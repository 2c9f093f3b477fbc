using System.Diagnostics;
using System.Globalization;
using Lineage.Filters.Clustering;
using Lineage.Filters.Clustering.Rows;
using Lineage.Filters.Diversity;
using static TorchSharp.torch;

namespace Lineage.Bench.Engines;

/// <summary>
/// Measures cosine k-means and G-Vendi on random unit vectors (not a test; numbers go in
/// docs/diversity.md).
/// - Rate: an assignment pass (chunked product, row-wise max, cluster sums) is timed against
///   the same chunked products alone, alternately and best of <c>repeats</c>, so load from
///   other processes hits both alike; the ratio is the share of the plain product's FLOP rate
///   (2·n·K·d per pass) that the pass achieves.
/// - Run: a full fit from the first K rows with exactly <c>iterations</c> Lloyd iterations.
/// - Seeding: greedy k-means++ costs one read of X per centroid, so it is timed on its first
///   <c>seedingSteps</c> centroids and extrapolated to K.
/// </summary>
public static class KMeansBenchmark
{
    public static void Run(int n, int d, int k, int iterations, TextWriter output, long seed = 1,
        int seedingSteps = 200, int repeats = 2, Device? device = null)
    {
        using var scope = NewDisposeScope();
        var target = device ?? CPU;
        var inv = CultureInfo.InvariantCulture;
        void Line(string format, params object[] args) => output.WriteLine(string.Format(inv, format, args));
        Line("machine: {0} logical CPUs, torch threads {1}, {2}, device {3}", Environment.ProcessorCount,
            get_num_threads(), System.Runtime.InteropServices.RuntimeInformation.OSDescription, target);
        Line("n {0}, d {1}, K {2}, iterations {3}, seed {4}", n, d, k, iterations, seed);

        Tensor x;
        using (var raw = randn([n, d], generator: new Generator((ulong)seed)))
        {
            x = nn.functional.normalize(raw, p: 2, dim: 1).to(target);
        }
        int chunk = KMeansOptions.DefaultChunkRows(k);
        var centroids = x.narrow(0, 0, k).clone();
        double flops = 2.0 * n * k * d;
        double plainBest = double.MaxValue, passBest = double.MaxValue;
        for (int r = 0; r < repeats; r++)
        {
            plainBest = Math.Min(plainBest, Time(() => PlainProducts(x, centroids, chunk)));
            passBest = Math.Min(passBest, Time(() => AssignmentPass.Run(new TensorRows(x), centroids, chunk, accumulate: true, normalizeRows: false).Dispose()));
        }
        Line("chunked plain products [{0}×{1}]·[{1}×{2}] over all rows: {3:F2} s = {4:F1} GFLOP/s (best of {5})",
            chunk, d, k, plainBest, flops / plainBest / 1e9, repeats);
        Line("assignment pass: {0:F2} s = {1:F1} GFLOP/s = {2:P0} of the plain products' rate",
            passBest, flops / passBest / 1e9, plainBest / passBest);

        var settled = -1;
        var progress = new Recorder(p => { if (p.Iteration > 0 && p.PointsReassigned == 0 && settled < 0) settled = p.Iteration; });
        var options = new KMeansOptions
        {
            K = k, MaxIterations = iterations, Tolerance = 0, StopEarly = false, Init = KMeansInit.FirstK,
        };
        var watch = Stopwatch.StartNew();
        using (var result = CosineKMeans.Fit(x, options, progress))
        {
            watch.Stop();
            var t = result.Timings;
            Line("k-means from the first K rows: {0:F1} s for {1} iterations ({2} assignment passes, {3:F2} s each); " +
                 "other work {4:F1} s", watch.Elapsed.TotalSeconds, result.Iterations, t.AssignmentPasses,
                t.Assignment.TotalSeconds / t.AssignmentPasses, (t.Total - t.Assignment - t.Seeding).TotalSeconds);
            Line("objective {0:F2}, mean cosine {1:F4}; {2}", result.Objective, 1 - result.Objective / n,
                settled > 0 ? $"no row moved after iteration {settled}" : "rows still moving at the cap");
        }

        int steps = Math.Min(seedingSteps, k);
        double seeding = Time(() => KMeansSeeding.Seed(x, new KMeansOptions { K = steps, Seed = seed }).Dispose());
        Line("greedy k-means++ seeding ({0} trials per centroid): {1:F3} s per centroid over {2} → ≈ {3:F0} s for K = {4}",
            new KMeansOptions { K = k }.SeedingTrialsFor(k), seeding / steps, steps, seeding / steps * k, k);

        double score = 0;
        double gvendi = Time(() => score = GVendi.Score(x));
        Line("G-Vendi of {0}×{1}: {2:F2} in {3:F1} s", n, d, score, gvendi);
        Line("peak resident memory: {0:F0} MiB", PeakResidentBytes() / 1048576.0);
    }

    private static double Time(Action action)
    {
        var watch = Stopwatch.StartNew();
        action();
        return watch.Elapsed.TotalSeconds;
    }

    /// <summary>The assignment pass's matrix products and nothing else.</summary>
    private static void PlainProducts(Tensor x, Tensor centroids, int chunk)
    {
        var centroidsT = centroids.t();
        for (long start = 0; start < x.shape[0]; start += chunk)
        {
            using var scope = NewDisposeScope();
            x.narrow(0, start, Math.Min(chunk, x.shape[0] - start)).mm(centroidsT);
        }
    }

    /// <summary>VmHWM (peak resident set) on Linux; the runtime's peak working set elsewhere.</summary>
    internal static long PeakResidentBytes()
    {
        const string status = "/proc/self/status";
        if (File.Exists(status))
        {
            foreach (string line in File.ReadLines(status))
            {
                if (!line.StartsWith("VmHWM:", StringComparison.Ordinal)) continue;
                var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                return long.Parse(parts[1], CultureInfo.InvariantCulture) * 1024;
            }
        }
        return Process.GetCurrentProcess().PeakWorkingSet64;
    }

    private sealed class Recorder(Action<KMeansProgress> record) : IProgress<KMeansProgress>
    {
        public void Report(KMeansProgress value) => record(value);
    }
}
