using System.Diagnostics;
using System.Globalization;
using Lineage.Filters.Clustering;
using static TorchSharp.torch;

namespace Lineage.Filters.Diversity;

/// <summary>
/// Measures cosine k-means and G-Vendi on random unit vectors (not a test; numbers go in
/// docs/diversity.md). The assignment pass is a chunked matrix product plus a row-wise max, so
/// its FLOP rate (2·n·K·d per pass) is compared with a plain product of one chunk's shape timed
/// in the same process: the fraction says how much the chunking, max and centroid sums cost.
/// Lloyd iterations start from the first K rows, and k-means++ seeding is timed separately on
/// its first <c>seedingSteps</c> centroids (its per-centroid cost is constant: one pass over X),
/// then extrapolated to K.
/// </summary>
public static class KMeansBenchmark
{
    public static void Run(int n, int d, int k, int iterations, TextWriter output, long seed = 1,
        int seedingSteps = 200, Device? device = null)
    {
        using var scope = NewDisposeScope();
        var target = device ?? CPU;
        var inv = CultureInfo.InvariantCulture;
        output.WriteLine($"machine: {Environment.ProcessorCount} logical CPUs, torch threads {get_num_threads()}, " +
                         $"{System.Runtime.InteropServices.RuntimeInformation.OSDescription}, device {target}");
        output.WriteLine($"n {n}, d {d}, K {k}, iterations {iterations}, seed {seed}");

        var generator = new Generator((ulong)seed);
        var x = nn.functional.normalize(randn([n, d], generator: generator), p: 2, dim: 1).to(target);

        int chunk = KMeansOptions.DefaultChunkRows(k);
        double productRate = PlainProductRate(x, chunk, k, d);
        output.WriteLine(string.Format(inv, "plain product [{0}×{1}]·[{1}×{2}]: {3:F1} GFLOP/s", chunk, d, k, productRate / 1e9));

        var options = new KMeansOptions { K = k, MaxIterations = iterations, Tolerance = 0, Init = KMeansInit.FirstK };
        var watch = Stopwatch.StartNew();
        using (var result = CosineKMeans.Fit(x, options))
        {
            watch.Stop();
            var t = result.Timings;
            double perPass = t.Assignment.TotalSeconds / t.AssignmentPasses;
            double rate = 2.0 * n * k * d / perPass;
            output.WriteLine(string.Format(inv,
                "k-means (first-K start): {0:F1} s total, {1} iterations, {2} assignment passes at {3:F2} s each",
                watch.Elapsed.TotalSeconds, result.Iterations, t.AssignmentPasses, perPass));
            output.WriteLine(string.Format(inv, "assignment pass: {0:F1} GFLOP/s = {1:P0} of the plain product",
                rate / 1e9, rate / productRate));
            output.WriteLine(string.Format(inv, "other time (updates, reseeding): {0:F1} s; objective {1:F2}, mean cosine {2:F4}",
                (t.Total - t.Assignment - t.Seeding).TotalSeconds, result.Objective, 1 - result.Objective / n));
        }

        int steps = Math.Min(seedingSteps, k);
        watch.Restart();
        using (KMeansSeeding.Seed(x, new KMeansOptions { K = steps, Seed = seed }))
        {
            watch.Stop();
        }
        double perCentroid = watch.Elapsed.TotalSeconds / steps;
        output.WriteLine(string.Format(inv,
            "k-means++ seeding (greedy, {0} trials): {1:F3} s per centroid over {2} centroids → ≈ {3:F0} s for K = {4}",
            new KMeansOptions { K = k }.SeedingTrialsFor(k), perCentroid, steps, perCentroid * k, k));

        watch.Restart();
        double score = GVendi.Score(x);
        watch.Stop();
        output.WriteLine(string.Format(inv, "G-Vendi of {0}×{1}: {2:F2} in {3:F1} s", n, d, score, watch.Elapsed.TotalSeconds));
        output.WriteLine(string.Format(inv, "peak resident memory: {0:F0} MiB", PeakResidentBytes() / 1048576.0));
    }

    /// <summary>FLOP/s of repeated [chunk × d]·[d × K] products, the shape of one assignment chunk.</summary>
    private static double PlainProductRate(Tensor x, int chunk, int k, int d)
    {
        using var scope = NewDisposeScope();
        var a = x.narrow(0, 0, Math.Min(chunk, x.shape[0]));
        var b = x.narrow(0, 0, Math.Min(k, x.shape[0])).t();
        a.mm(b).Dispose(); // warm-up: thread pool and allocator
        int repeats = 0;
        var watch = Stopwatch.StartNew();
        while (watch.Elapsed.TotalSeconds < 3 || repeats < 3)
        {
            a.mm(b).Dispose();
            repeats++;
        }
        return 2.0 * a.shape[0] * b.shape[1] * d * repeats / watch.Elapsed.TotalSeconds;
    }

    /// <summary>VmHWM (peak resident set) on Linux; the runtime's peak working set elsewhere.</summary>
    private static long PeakResidentBytes()
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
}
