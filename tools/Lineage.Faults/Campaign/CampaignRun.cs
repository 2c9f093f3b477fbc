using System.Diagnostics;
using JasperFx.Events;
using Lineage.Api.Hosting;
using Lineage.Api.Runs;
using Lineage.Api.Versions;
using Lineage.Domain.Pipelines;
using Lineage.Domain.Runs;
using Lineage.Domain.Versions;
using Lineage.Faults.Fleet;
using Lineage.Faults.Services;
using Marten;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Lineage.Faults.Campaign;

/// <summary>One run of a campaign: its own schema, queues and data directory on the private services.</summary>
public sealed record RunSettings
{
    public required string Schema { get; init; }
    public required string QueuePrefix { get; init; }
    public required string DataDirectory { get; init; }
    public required string Pipeline { get; init; }
    public required PipelineConfig Config { get; init; }
    public long Seed { get; init; }
    public int Workers { get; init; } = 3;
    public int TorchThreads { get; init; } = 1;
    /// <summary>Lineage:Blobs:Store of the workers and the host: files, or postgres (docs/scaling.md).</summary>
    public string BlobStore { get; init; } = "files";
    /// <summary>Each worker (and the host) on a data directory of its own under <see cref="DataDirectory"/>, as on separate machines.</summary>
    public bool DataDirectoryPerWorker { get; init; }
    /// <summary>More settings for every worker, as <c>--Lineage:Key=value</c> arguments.</summary>
    public IReadOnlyList<string> WorkerSettings { get; init; } = [];
    public IReadOnlyList<PlannedFault> Faults { get; init; } = [];
    /// <summary>The undisturbed run's, on which <see cref="PlannedFault.At"/> is placed; needed when there are faults.</summary>
    public RunTimeline? Timeline { get; init; }
    /// <summary>How long a restarted service stays down.</summary>
    public TimeSpan Outage { get; init; } = TimeSpan.FromSeconds(3);
    public TimeSpan Timeout { get; init; } = TimeSpan.FromMinutes(60);
    /// <summary>After this long without a new event (and no fault pending), look whether any message is still queued or in flight.</summary>
    public TimeSpan StallAfter { get; init; } = TimeSpan.FromSeconds(60);
    /// <summary>What the in-process host (relay, no stages) logs to the console; None keeps a test's output clean.</summary>
    public LogLevel HostLogLevel { get; init; } = LogLevel.None;
}

/// <summary>A fault as it was done: when (after the run started), how long it took, and what it found.</summary>
public sealed record FaultRecord(PlannedFault Planned, TimeSpan DoneAt, TimeSpan Took, long EventsBefore, string Detail);

public sealed record RunOutcome(
    string RunId, string? VersionId, TimeSpan Wall, IReadOnlyList<FaultRecord> Faults, IReadOnlyList<PlannedFault> NotReached,
    bool? RebuildMatches, IReadOnlyDictionary<string, uint> DeadLetters, IReadOnlyList<string> Failures, IReadOnlyList<string> CrashedWorkers)
{
    public bool Sealed => VersionId is not null;
}

/// <summary>
/// Drives one run: an in-process host runs the relay and no stage (it is never killed; the faults are done to the
/// workers and services around it), <see cref="RunSettings.Workers"/> worker processes take every stage, and the
/// planned faults are done at their moments until the version is sealed.
/// </summary>
public static class CampaignRun
{
    private static readonly string SealedType = EventTypeExtensions.GetEventTypeName(typeof(VersionSealed));

    public static async Task<RunOutcome> RunAsync(PrivateServices services, RunSettings s, TextWriter log, CancellationToken ct = default)
    {
        Directory.CreateDirectory(s.DataDirectory);
        var hostDirectory = s.DataDirectoryPerWorker ? Path.Combine(s.DataDirectory, "host") : s.DataDirectory;
        await using var host = CampaignHost.Build(services, s.Schema, s.QueuePrefix, hostDirectory, s.HostLogLevel, o =>
        {
            o.Stages = ["none"];
            o.Relay = true;
            o.Blobs.Store = s.BlobStore;
        });
        await host.Services.GetRequiredService<IDocumentStore>().Storage.ApplyAllConfiguredChangesToDatabaseAsync();
        await host.StartAsync(ct);
        try
        {
            await using var fleet = new WorkerFleet(services, s.Schema, s.QueuePrefix, s.DataDirectory, s.TorchThreads, s.DataDirectoryPerWorker, s.BlobStore, s.WorkerSettings);
            var starting = Stopwatch.StartNew();
            await fleet.StartAsync(s.Workers, TimeSpan.FromMinutes(5));
            log.WriteLine($"[{s.Schema}] {s.Workers} workers consuming every stage after {starting.Elapsed.TotalSeconds:0.0} s");
            var launcher = host.Services.GetRequiredService<RunLauncher>();
            await launcher.DefineAsync(s.Pipeline, s.Config, ct);
            var clock = Stopwatch.StartNew();
            var launch = await launcher.StartAsync(s.Pipeline, s.Seed, null, null, ct)
                ?? throw new InvalidOperationException($"pipeline {s.Pipeline} is not defined");
            log.WriteLine($"[{s.Schema}] run {launch.RunId} started with {s.Workers} workers, {s.Faults.Count} faults planned");

            var (records, notReached) = await DriveAsync(services, s, fleet, clock, log, ct);
            var wall = clock.Elapsed;
            log.WriteLine($"[{s.Schema}] {(await SealedVersionAsync(services, s.Schema) is true ? "sealed" : "ended unsealed")} after {wall.TotalSeconds:0.0} s");
            var versionId = await SealedVersionAsync(services, s.Schema) is true ? RunIds.Version(launch.RunId) : null;
            bool? matches = null;
            if (versionId is not null)
                matches = (await host.Services.GetRequiredService<VersionRebuilder>().RebuildAsync(versionId, ct))?.Matches;
            var deadLetters = await DeadLetters.CountAsync(services, s.QueuePrefix);
            var failures = await FailuresAsync(services, s.Schema, launch.RunId);
            return new RunOutcome(launch.RunId, versionId, wall, records, notReached, matches, deadLetters, failures, fleet.Exited);
        }
        finally
        {
            await host.StopAsync(CancellationToken.None);
        }
    }

    private static async Task<(List<FaultRecord>, List<PlannedFault>)> DriveAsync(
        PrivateServices services, RunSettings s, WorkerFleet fleet, Stopwatch clock, TextWriter log, CancellationToken ct)
    {
        if (s.Faults.Count > 0 && s.Timeline is null) throw new ArgumentException("faults need the undisturbed run's timeline", nameof(s));
        var pending = new Queue<PlannedFault>(s.Faults);
        // When the faulted run was first seen holding the next fault's anchor commit (per anchor: faults may share one).
        var reached = new Dictionary<long, TimeSpan>();
        var records = new List<FaultRecord>();
        var (lastCount, lastChange, lastQueueCheck) = (-1L, clock.Elapsed, TimeSpan.Zero);
        var idleChecks = 0;
        while (clock.Elapsed < s.Timeout)
        {
            ct.ThrowIfCancellationRequested();
            if (await SealedVersionAsync(services, s.Schema) is true) return (records, [.. pending]);
            var count = await ProbeAsync(() => EventCensus.CountAllAsync(Probe(services), s.Schema, ct)) ?? lastCount;
            if (count != lastCount) (lastCount, lastChange, idleChecks) = (count, clock.Elapsed, 0);
            else if (pending.Count == 0 && clock.Elapsed - lastChange > s.StallAfter && clock.Elapsed - lastQueueCheck > TimeSpan.FromSeconds(15))
            {
                // A long stage (training the proxy, embedding the seed pool) appends nothing for minutes but holds its
                // message; a lost message leaves every queue empty and the run unsealed. Empty three times running: stalled.
                lastQueueCheck = clock.Elapsed;
                idleChecks = await services.RabbitMq.MessagesAsync(s.QueuePrefix) == 0 ? idleChecks + 1 : 0;
                if (idleChecks >= 3)
                {
                    log.WriteLine($"[{s.Schema}] stalled: no event for {(clock.Elapsed - lastChange).TotalSeconds:0} s and no message queued or in flight");
                    break;
                }
            }
            await fleet.ReplaceExitedAsync();
            while (pending.TryPeek(out var next))
            {
                var anchor = s.Timeline!.Anchor(next.At);
                if (lastCount < anchor.Events) break;
                var since = reached.TryGetValue(anchor.Events, out var seen) ? seen : reached[anchor.Events] = clock.Elapsed;
                if (clock.Elapsed < since + anchor.Offset && lastCount < anchor.NextEvents) break;
                pending.Dequeue();
                var doneAt = clock.Elapsed;
                var detail = await DoAsync(next, services, s, fleet);
                records.Add(new FaultRecord(next, doneAt, clock.Elapsed - doneAt, lastCount, detail));
                log.WriteLine($"[{s.Schema}] {doneAt.TotalSeconds,6:0.0} s {next.Kind} {detail} ({lastCount} events so far)");
                lastChange = clock.Elapsed;
            }
            await Task.Delay(250, ct);
        }
        await DescribeAsync(services, s, fleet, log);
        return (records, [.. pending]);
    }

    /// <summary>What a run that did not seal had done, and what its workers last said.</summary>
    private static async Task DescribeAsync(PrivateServices services, RunSettings s, WorkerFleet fleet, TextWriter log)
    {
        await using var connection = new NpgsqlConnection(Probe(services));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"select type, count(*) from {s.Schema}.mt_events group by type order by min(seq_id)", connection);
        await using var reader = await command.ExecuteReaderAsync();
        var types = new List<string>();
        while (await reader.ReadAsync()) types.Add($"{reader.GetString(0)} {reader.GetInt64(1)}");
        log.WriteLine($"[{s.Schema}] not sealed; events: {string.Join(", ", types)}");
        foreach (var (name, tail) in fleet.Tails) log.WriteLine($"[{s.Schema}] {name} said:\n{tail}");
    }

    private static async Task<string> DoAsync(PlannedFault fault, PrivateServices services, RunSettings s, WorkerFleet fleet)
    {
        switch (fault.Kind)
        {
            case FaultKind.KillWorker:
                var kill = await fleet.KillAndReplaceAsync(fault.Worker);
                return $"{kill.Victim}{(kill.InWriteTransaction ? " (inside a write transaction)" : "")} -> {kill.Replacement}";
            case FaultKind.RestartBroker:
                await services.RabbitMq.RestartAsync(s.Outage);
                return $"RabbitMQ down {s.Outage.TotalSeconds:0} s";
            case FaultKind.RestartPostgres:
                await services.Postgres.RestartAsync(s.Outage);
                return $"PostgreSQL down {s.Outage.TotalSeconds:0} s (immediate stop)";
            default:
                throw new ArgumentOutOfRangeException(nameof(fault), fault.Kind, "unknown fault");
        }
    }

    /// <summary>Unpooled: a probe must not hold on to connections a database restart has killed.</summary>
    private static string Probe(PrivateServices services) => services.Postgres.ConnectionString + ";Pooling=false";

    /// <summary>Null while the database is down or restarting.</summary>
    private static async Task<T?> ProbeAsync<T>(Func<Task<T>> probe) where T : struct
    {
        try
        {
            return await probe();
        }
        catch (NpgsqlException)
        {
            return null;
        }
    }

    private static Task<bool?> SealedVersionAsync(PrivateServices services, string schema) => ProbeAsync(async () =>
    {
        await using var connection = new NpgsqlConnection(Probe(services));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"select exists (select 1 from {schema}.mt_events where type = @type)", connection);
        command.Parameters.AddWithValue("type", SealedType);
        return (bool)(await command.ExecuteScalarAsync())!;
    });

    private static async Task<List<string>> FailuresAsync(PrivateServices services, string schema, string runId)
    {
        await using var connection = new NpgsqlConnection(Probe(services));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            $"select concat(data->>'Stage', ' r', data->>'Round', ' b', data->>'Batch', ': ', data->>'ExceptionType', ': ', data->>'Message') from {schema}.mt_events where stream_id = @stream order by seq_id",
            connection);
        command.Parameters.AddWithValue("stream", RunIds.Streams.Failures(runId));
        var failures = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync()) failures.Add(reader.GetString(0));
        return failures;
    }
}
