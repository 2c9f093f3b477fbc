using Lineage.Api.Options;
using System.Diagnostics;
using System.Globalization;
using Lineage.Api.Exports;
using Lineage.Api.Hosting;
using Lineage.Api.Versions;
using Lineage.Bench.Spine;
using Marten;

namespace Lineage.Bench.Exports;

/// <summary>
/// <c>bench export</c>: one version exported as JSON Lines, as Parquet and as a Hugging Face folder, each to a
/// local file, interleaved and repeated in one run; prints rows/s side by side as markdown. The version is the
/// spine benchmark's (all candidates kept), produced by the real pipeline once per size and then reused.
/// </summary>
public static class ExportBenchmark
{
    /// <param name="hostArgs">Settings for the host, e.g. <c>--Lineage:Postgres=...</c>.</param>
    public static async Task<int> RunAsync(int examples, int repeats, string schema, string prefix, string[] hostArgs)
    {
        var output = Console.Out;

        output.WriteLine($"# bench export, {DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm} UTC");
        var version = await SpineBenchmark.VersionPhaseAsync([.. hostArgs], schema, prefix, BenchVersion.Config(examples, 250), fresh: false, output);

        await using var host = SpineBenchmark.Host([.. hostArgs], schema, prefix, relay: false, stages: "none");
        output.WriteLine(await SpineBenchmark.MachineAsync(host.Services.GetRequiredService<LineageOptions>().Postgres));
        var jsonl = host.Services.GetRequiredService<VersionExporter>();
        var exports = host.Services.GetRequiredService<VersionExports>();
        var folder = Directory.CreateTempSubdirectory("lineage-bench-export-").FullName;
        try
        {
            var file = Path.Combine(folder, "version");
            var hf = Path.Combine(folder, "hf");
            var formats = new (string Name, Func<Task<long>> Export)[]
            {
                ("jsonl", async () =>
                {
                    await using (var s = File.Create(file)) await jsonl.ExportAsync(version.VersionId, s, CancellationToken.None);
                    return new FileInfo(file).Length;
                }),
                ("parquet", async () =>
                {
                    await using (var s = File.Create(file)) await exports.WriteParquetAsync(version.VersionId, s, ParquetRowWriter.DefaultRowGroupRows, CancellationToken.None);
                    return new FileInfo(file).Length;
                }),
                ("hf folder", async () =>
                {
                    await exports.WriteHfFolderAsync(version.VersionId, hf, HfDatasetFolder.DefaultShardRows, ParquetRowWriter.DefaultRowGroupRows, CancellationToken.None);
                    return Directory.GetFiles(hf, "*", SearchOption.AllDirectories).Sum(f => new FileInfo(f).Length);
                }),
            };
            // One warm-up of each, then the formats take turns so drift in the machine's load hits all of them alike.
            foreach (var (_, export) in formats) await export();
            var seconds = formats.ToDictionary(x => x.Name, _ => new List<double>());
            var bytes = new Dictionary<string, long>();
            for (var r = 0; r < repeats; r++)
                foreach (var (name, export) in formats)
                {
                    var clock = Stopwatch.StartNew();
                    bytes[name] = await export();
                    seconds[name].Add(clock.Elapsed.TotalSeconds);
                }

            output.WriteLine($"\n## Export of {version.VersionId}: {version.ExampleCount:N0} examples, median of {repeats}\n");
            output.WriteLine("| format | MB | seconds | rows/s | of jsonl |");
            output.WriteLine("|---|---:|---:|---:|---:|");
            var baseline = version.ExampleCount / Median(seconds["jsonl"]);
            foreach (var (name, _) in formats)
            {
                var rate = version.ExampleCount / Median(seconds[name]);
                output.WriteLine($"| {name} | {bytes[name] / 1e6:N1} | {Median(seconds[name]):N2} | {rate:N0} | {rate / baseline:P0} |");
            }
            output.WriteLine($"\nload average at the end: {BenchMachine.LoadAverage()}");
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
        return 0;
    }

    private static double Median(List<double> xs)
    {
        var sorted = xs.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
    }
}
