using System.Diagnostics;
using Lineage.Api.EventStore;
using Lineage.Api.Runs;
using Lineage.Domain.Pipelines;
using Lineage.Domain.Runs;
using Lineage.Domain.Versions;
using Marten;

namespace Lineage.Bench.Spine;

/// <summary>
/// The 100k-example version the read benchmarks use, produced by the real pipeline (relay, RabbitMQ, every
/// stage) with every candidate kept: wide length bounds, no deduplication, no injected errors. Its run id is
/// deterministic, so a later benchmark run finds it and skips the minutes it takes to produce.
/// </summary>
public static class BenchVersion
{
    public const string Pipeline = "bench-spine";

    public static PipelineConfig Config(int examples, int batchSize) => new()
    {
        Rounds = 1,
        BatchesPerRound = examples / batchSize,
        BatchSize = batchSize,
        Deduplicate = false,
        Length = new LengthBounds { MinChars = 0, MaxChars = 1_000_000 },
        Generator = new GeneratorConfig { ErrorRate = 0 },
    };

    public static string RunId(PipelineConfig config) => RunIds.Run(Pipeline, config.Hash(), 1);

    public static async Task<VersionSealed?> FindAsync(IDocumentStore store, PipelineConfig config)
    {
        await using var session = store.QuerySession();
        return (await session.LoadAsync<DatasetVersion>(RunIds.Version(RunId(config))))?.Sealed;
    }

    /// <summary>Runs the pipeline to its sealed version; returns it and the wall time from start to seal.</summary>
    public static async Task<(VersionSealed Version, TimeSpan Elapsed)> ProduceAsync(
        IDocumentStore store, RunLauncher launcher, PipelineConfig config, TimeSpan timeout, TextWriter log)
    {
        await launcher.DefineAsync(Pipeline, config, CancellationToken.None);
        var clock = Stopwatch.StartNew();
        var launch = await launcher.StartAsync(Pipeline, 1, null, null, CancellationToken.None)
            ?? throw new InvalidOperationException($"pipeline {Pipeline} is not defined");
        var lastReport = TimeSpan.Zero;
        while (clock.Elapsed < timeout)
        {
            await Task.Delay(1000);
            if (await FindAsync(store, config) is { } version) return (version, clock.Elapsed);
            await using var session = store.QuerySession();
            // By stream key: a search of every event each second would load the machine the benchmark measures.
            var generated = await RunReader.CountAsync(session, typeof(Domain.Examples.CandidatesGenerated), config, launch.RunId, 1, CancellationToken.None);
            var failed = (await session.Events.FetchStreamAsync(RunIds.Streams.Failures(launch.RunId))).Select(e => e.Data).OfType<StageFailed>().FirstOrDefault();
            if (failed is not null) throw new InvalidOperationException($"the benchmark run failed: {failed.Stage} {failed.ExceptionType}: {failed.Message}");
            if (clock.Elapsed - lastReport > TimeSpan.FromSeconds(15))
            {
                log.WriteLine($"  {clock.Elapsed.TotalSeconds:N0} s: {generated} of {config.BatchesPerRound} batches generated");
                lastReport = clock.Elapsed;
            }
        }
        throw new TimeoutException($"the benchmark version was not sealed within {timeout}");
    }
}
