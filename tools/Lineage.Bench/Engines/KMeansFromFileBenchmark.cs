using System.Diagnostics;
using System.Globalization;
using Lineage.Filters.Clustering;
using Lineage.Filters.Clustering.Rows;
using Lineage.Filters.Diversity;
using static TorchSharp.torch;

namespace Lineage.Bench.Engines;

/// <summary>
/// Cosine k-means of one pool read from a scratch file (<see cref="RowFile"/>, what the cluster stage does past
/// Lineage:Clustering:ResidentRows) and from a tensor in memory, side by side in one process: wall time, peak resident
/// memory (VmHWM, reset before each), and whether the two agree bit for bit. The rows are random unit vectors written
/// to the file a block at a time, so the file mode never holds the pool; it runs first, before the pool is loaded.
/// </summary>
public static class KMeansFromFileBenchmark
{
    public static void Run(int n, int d, int k, int iterations, KMeansInit init, string? folder, TextWriter output, Device device, long seed = 1)
    {
        var inv = CultureInfo.InvariantCulture;
        void Line(string format, params object[] args) => output.WriteLine(string.Format(inv, format, args));
        Line("machine: {0} logical CPUs, torch threads {1}, {2}, device {3}", Environment.ProcessorCount, get_num_threads(),
            System.Runtime.InteropServices.RuntimeInformation.OSDescription, device);
        var options = new KMeansOptions { K = k, Seed = seed, MaxIterations = iterations, Tolerance = 0, StopEarly = false, Init = init };
        int chunk = options.ChunkRows ?? KMeansOptions.DefaultChunkRows(k);
        Line("n {0}, d {1} ({2:F0} MiB of float32), K {3}, {4} iterations, init {5}, chunk {6} rows", n, d, 4.0 * n * d / 1048576, k,
            iterations, init, chunk);

        using var file = RowFile.Create(n, d, folder);
        var generator = new Generator((ulong)seed);
        var write = Stopwatch.StartNew();
        for (long start = 0; start < n; start += chunk)
        {
            using var scope = NewDisposeScope();
            int rows = (int)Math.Min(chunk, n - start);
            using var block = nn.functional.normalize(randn([rows, d], generator: generator), p: 2, dim: 1).contiguous();
            file.Write(start, block.data<float>().ToArray());
        }
        Line("wrote {0} in {1:F1} s", file.Path, write.Elapsed.TotalSeconds);

        var (fromFile, fileSeconds, filePeak) = Measure(() => CosineKMeans.Fit(file, options, device: device), () => GVendi.Score(file, device: device));
        Line("from the file:   {0,7:F1} s, peak resident {1,6:F0} MiB", fileSeconds, filePeak / 1048576.0);

        // Loaded block by block into one tensor, so the load leaves no second copy of the pool behind.
        using var x = empty(n, d, ScalarType.Float32);
        for (long start = 0; start < n; start += chunk)
        {
            using var scope = NewDisposeScope();
            long rows = Math.Min(chunk, n - start);
            x.narrow(0, start, rows).copy_(file.Read(start, rows));
        }
        var (inMemory, memorySeconds, memoryPeak) = Measure(() => CosineKMeans.Fit(x, options, device: device), () => GVendi.Score(x, device: device));
        Line("from memory:     {0,7:F1} s, peak resident {1,6:F0} MiB (the pool itself {2:F0} MiB)", memorySeconds, memoryPeak / 1048576.0,
            4.0 * n * d / 1048576);
        Line("file ÷ memory: time {0:F2}×, peak {1:F2}×", fileSeconds / memorySeconds, (double)filePeak / memoryPeak);
        bool same = fromFile.Assignments.SequenceEqual(inMemory.Assignments) && fromFile.Objective == inMemory.Objective
            && fromFile.GVendi == inMemory.GVendi;
        Line("same assignments, objective and G-Vendi: {0} (objective {1:R}, G-Vendi {2:R})", same ? "yes" : "NO", inMemory.Objective, inMemory.GVendi);
    }

    private static ((long[] Assignments, double Objective, double GVendi), double Seconds, long Peak) Measure(Func<KMeansResult> fit, Func<double> gvendi)
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        // Writing 5 to clear_refs resets VmHWM (Linux ≥ 4.0); elsewhere the peak is the process lifetime's.
        if (File.Exists("/proc/self/clear_refs")) File.WriteAllText("/proc/self/clear_refs", "5");
        var watch = Stopwatch.StartNew();
        using var result = fit();
        double score = gvendi();
        watch.Stop();
        return ((result.Assignments, result.Objective, score), watch.Elapsed.TotalSeconds, KMeansBenchmark.PeakResidentBytes());
    }
}
