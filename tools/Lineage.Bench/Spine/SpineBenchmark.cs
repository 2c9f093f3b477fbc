using Lineage.Api.Options;
using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using Lineage.Api.EventStore;
using Lineage.Api.Hosting;
using Lineage.Api.Runs;
using Lineage.Api.Versions;
using Lineage.Domain.Pipelines;
using Lineage.Domain.Versions;
using Marten;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Npgsql;

namespace Lineage.Bench.Spine;

/// <summary>
/// <c>bench spine</c>: the event spine's three numbers side by side on one machine, printed as markdown.
/// 1. per-example append rate through Marten as the generate stage writes, against a binary COPY of the same rows;
/// 2. <c>why</c> latency (p50, p99) over HTTP with concurrent clients on a 100k-example version;
/// 3. rebuilding that version's manifest from the raw events.
/// The 100k version is produced once by the real pipeline and reused (<c>--fresh</c> produces it again).
/// </summary>
public static class SpineBenchmark
{
    /// <summary>The benchmark's knobs; the defaults are the figures docs/benchmarks.md reports.</summary>
    public sealed record Settings
    {
        public int Examples { get; init; } = 100_000;
        public int BatchSize { get; init; } = 250;
        public int AppendBatches { get; init; } = 80;
        public int Writers { get; init; } = Environment.ProcessorCount;
        public int Clients { get; init; } = 16;
        public int Requests { get; init; } = 20_000;
        public int Warmup { get; init; } = 2_000;
        public int Rebuilds { get; init; } = 3;
        public int Repeats { get; init; } = 3;
        public string Schema { get; init; } = "lineage_bench";
        public string QueuePrefix { get; init; } = "lineage-bench";
        public bool Fresh { get; init; }
        public IReadOnlySet<string> Phases { get; init; } = new HashSet<string>(SpineBenchmark.Phases);
    }

    /// <summary>The phases, in the order they run.</summary>
    public static readonly IReadOnlyList<string> Phases = ["append", "why", "rebuild"];

    /// <param name="hostArgs">Settings for the hosts it builds, e.g. <c>--Lineage:Postgres=...</c>.</param>
    public static async Task<int> RunAsync(Settings s, string[] hostArgs)
    {
        var output = Console.Out;
        var (examples, batchSize, appendBatches, writers) = (s.Examples, s.BatchSize, s.AppendBatches, s.Writers);
        var (clients, requests, warmup, rebuilds, repeats) = (s.Clients, s.Requests, s.Warmup, s.Rebuilds, s.Repeats);
        var (schema, prefix) = (s.Schema, s.QueuePrefix);

        output.WriteLine($"# bench spine, {DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm} UTC");
        output.WriteLine();
        // Each phase is its own async method with its own host: resolving the store builds the bus, and
        // MassTransit keeps its log context in an AsyncLocal that must not outlive the host that set it.
        if (s.Phases.Contains("append"))
            await AppendPhaseAsync(hostArgs, schema + "_append", prefix + "-append", appendBatches, batchSize, writers, repeats, output);
        if (s.Phases.Contains("why") || s.Phases.Contains("rebuild"))
        {
            var version = await VersionPhaseAsync(hostArgs, schema, prefix, BenchVersion.Config(examples, batchSize), s.Fresh, output);
            await ReadPhaseAsync(hostArgs, schema, prefix, version, clients, requests, warmup, s.Phases.Contains("why"),
                s.Phases.Contains("rebuild") ? rebuilds : 0, output);
        }
        output.WriteLine($"\nload average at the end: {BenchMachine.LoadAverage()}");
        return 0;
    }

    private static async Task AppendPhaseAsync(string[] hostArgs, string schema, string prefix, int batches, int batchSize, int writers, int repeats, TextWriter output)
    {
        await using var host = Host(hostArgs, schema, prefix, relay: false, stages: "none");
        var options = host.Services.GetRequiredService<LineageOptions>();
        output.WriteLine(await MachineAsync(options.Postgres));
        output.WriteLine($"\n## Append: {batches} batches × {batchSize} examples, {writers} concurrent writers, median of {repeats}");
        var appends = await AppendBenchmark.RunAsync(host.Services.GetRequiredService<IDocumentStore>(), options.Postgres,
            options.Schema, batches, batchSize, writers, repeats, output);
        var copy = appends[0];
        output.WriteLine();
        output.WriteLine("| path | events | MB (JSON) | seconds | events/s | MB/s | of COPY |");
        output.WriteLine("|---|---:|---:|---:|---:|---:|---:|");
        foreach (var a in appends)
            output.WriteLine($"| {a.Path} | {a.Events:N0} | {a.Bytes / 1e6:N1} | {a.Seconds:N2} | {a.EventsPerSecond:N0} | {a.MegabytesPerSecond:N1} | {a.EventsPerSecond / copy.EventsPerSecond:P0} |");
    }

    /// <summary>The version the reads need, produced by the pipeline unless it is already there.</summary>
    internal static async Task<VersionSealed> VersionPhaseAsync(string[] hostArgs, string schema, string prefix, PipelineConfig config, bool fresh, TextWriter output)
    {
        await using var pipeline = Host(hostArgs, schema, prefix, relay: true, stages: "all");
        var store = pipeline.Services.GetRequiredService<IDocumentStore>();
        if (fresh) await store.Advanced.ResetAllData();
        if (await BenchVersion.FindAsync(store, config) is { } existing)
        {
            output.WriteLine($"\n## Version: reusing {existing.VersionId} ({existing.ExampleCount:N0} examples)");
            return existing;
        }
        output.WriteLine($"\n## Version: producing {config.BatchesPerRound * config.BatchSize:N0} examples through the pipeline ({config.BatchesPerRound} batches × {config.BatchSize})");
        await pipeline.StartAsync();
        // A 100k version takes 3–4 minutes here and a million about ten times that; allow 100 examples/s at the least.
        var timeout = TimeSpan.FromSeconds(Math.Max(3600, config.BatchesPerRound * config.BatchSize / 100.0));
        var (version, elapsed) = await BenchVersion.ProduceAsync(store, pipeline.Services.GetRequiredService<RunLauncher>(), config, timeout, output);
        await pipeline.StopAsync();
        output.WriteLine($"sealed {version.VersionId}: {version.Generated:N0} generated, {version.ExampleCount:N0} in the version, " +
                         $"{elapsed.TotalSeconds:N0} s from start to seal ({version.Generated / elapsed.TotalSeconds:N0} examples/s end to end)");
        return version;
    }

    /// <summary>Reads and rebuilds on a host that only serves: no relay, no stages.</summary>
    private static async Task ReadPhaseAsync(string[] hostArgs, string schema, string prefix, VersionSealed version,
        int clients, int requests, int warmup, bool why, int rebuilds, TextWriter output)
    {
        // Authentication stays on, as deployed: the clients send a bootstrap admin key made for this run.
        var apiKey = Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
        await using var serve = Host(["--urls", "http://127.0.0.1:0", $"--Lineage:Auth:BootstrapAdminKey={apiKey}", .. hostArgs], schema, prefix, relay: false, stages: "none");
        await serve.StartAsync();
        var address = new Uri(serve.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        List<string> ids;
        long lineageDocs, events;
        await using (var session = serve.Services.GetRequiredService<IDocumentStore>().QuerySession())
        {
            ids = (await session.LoadAsync<DatasetManifest>(version.VersionId))!.Entries.Select(e => e.ExampleId).ToList();
            lineageDocs = await session.Query<Domain.Examples.ExampleLineage>().CountAsync();
            events = await session.Events.QueryAllRawEvents().CountAsync();
        }

        if (why) await WhyAsync(serve, address, apiKey, ids, lineageDocs, events, clients, requests, warmup, output);
        if (rebuilds > 0) await RebuildAsync(serve, version, rebuilds, output);
        await serve.StopAsync();
    }

    private static async Task WhyAsync(WebApplication serve, Uri address, string apiKey, List<string> ids, long lineageDocs, long events,
        int clients, int requests, int warmup, TextWriter output)
    {
        output.WriteLine($"\n## why: {clients} concurrent clients, {requests:N0} requests, random ids of {ids.Count:N0} (store: {lineageDocs:N0} lineage documents, {events:N0} events)");
        // The asked-for concurrency first, then lower ones: the curve shows how much of the latency is queueing.
        var results = new List<WhyLatencyResult>();
        foreach (var c in new[] { clients, 8, 4, 1 }.Where(c => c <= clients).Distinct())
            results.Add(await WhyLatencyBenchmark.RunAsync(address, apiKey, ids, c, c == clients ? requests : Math.Max(100, requests / 4), warmup, c == clients ? output : TextWriter.Null));
        output.WriteLine();
        output.WriteLine("| clients | requests | requests/s | p50 ms | p90 ms | p99 ms | max ms |");
        output.WriteLine("|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var r in results)
        {
            var l = r.Latencies;
            output.WriteLine($"| {r.Clients} | {r.Requests:N0} | {r.RequestsPerSecond:N0} | {l.Percentile(50):N2} | {l.Percentile(90):N2} | {l.Percentile(99):N2} | {l.Max:N1} |");
        }

        output.WriteLine("\nSingle-threaded, in process, mean per example over 2,000 ids:\n");
        output.WriteLine("| step | ms |");
        output.WriteLine("|---|---:|");
        foreach (var part in await Breakdowns.WhyAsync(serve.Services.GetRequiredService<IDocumentStore>(), ids.Take(2000).ToList()))
            output.WriteLine($"| {part.Name} | {part.Milliseconds:N3} |");

    }

    private static async Task RebuildAsync(WebApplication serve, VersionSealed version, int rebuilds, TextWriter output)
    {
        output.WriteLine($"\n## Rebuild of {version.VersionId} from events ({rebuilds} times)");
        output.WriteLine();
        output.WriteLine("| # | examples | events replayed | seconds (call) | seconds (fold, as reported) | matches |");
        output.WriteLine("|---:|---:|---:|---:|---:|---|");
        var rebuilder = serve.Services.GetRequiredService<VersionRebuilder>();
        for (var i = 1; i <= rebuilds; i++)
        {
            var clock = Stopwatch.StartNew();
            var r = (await rebuilder.RebuildAsync(version.VersionId, CancellationToken.None))!;
            output.WriteLine($"| {i} | {r.ExampleCount:N0} | {r.EventsReplayed:N0} | {clock.Elapsed.TotalSeconds:N2} | {r.ElapsedMs / 1000:N2} | {r.Matches} |");
        }
        // Side by side in this run: what the rebuild folds (content and decisions) against every event whole, with its
        // parallel readers against one reader, one event at a time.
        output.WriteLine("\nThe fold of the run's log, what it reads and how many readers (in process, same log):\n");
        output.WriteLine("| detail | readers | events | seconds |");
        output.WriteLine("|---|---:|---:|---:|");
        await using (var session = serve.Services.GetRequiredService<IDocumentStore>().QuerySession())
            foreach (var detail in new[] { LineageDetail.ContentAndDecision, LineageDetail.Whole })
                foreach (var readers in new[] { 0, 1 })
                {
                    var clock = Stopwatch.StartNew();
                    var folded = await RunLineages.FoldAsync(session, version.RunId, CancellationToken.None, readers: readers, detail: detail);
                    output.WriteLine($"| {detail} | {(readers == 0 ? $"{Math.Clamp(Environment.ProcessorCount, 1, 8)} (default)" : "1")} | {folded.EventsReplayed:N0} | {clock.Elapsed.TotalSeconds:N2} |");
                }
        output.WriteLine("\nThe same work, whole events, one thread, step by step, in process:\n");
        output.WriteLine("| step | seconds |");
        output.WriteLine("|---|---:|");
        foreach (var part in await Breakdowns.RebuildAsync(serve.Services.GetRequiredService<IDocumentStore>(), version.RunId))
            output.WriteLine($"| {part.Name} | {part.Milliseconds / 1000:N2} |");
    }

    internal static WebApplication Host(string[] args, string schema, string prefix, bool relay, string stages) =>
        LineageHost.Build(args, o =>
        {
            o.Schema = schema;
            o.RabbitMq.QueuePrefix = prefix;
            o.Relay = relay;
            o.Stages = [stages];
            o.Schedules = false;
        }, b =>
        {
            b.Logging.SetMinimumLevel(LogLevel.Warning);
            // Redelivered commands make Marten log the stream collisions that keep them idempotent.
            b.Logging.AddFilter("Marten", LogLevel.Critical);
        });

    internal static async Task<string> MachineAsync(string postgres)
    {
        var cpu = File.Exists("/proc/cpuinfo")
            ? File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim()
            : null;
        await using var connection = new NpgsqlConnection(postgres);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("show server_version", connection);
        var pg = await command.ExecuteScalarAsync();
        return $"machine: {Environment.ProcessorCount} cores ({cpu ?? RuntimeInformation.ProcessArchitecture.ToString()}), " +
               $"{RuntimeInformation.OSDescription}, {RuntimeInformation.FrameworkDescription}, PostgreSQL {pg} on the same machine, load average {BenchMachine.LoadAverage()}";
    }
}
