using Lineage.Api.EventStore;
using System.Diagnostics;
using System.Text.Json;
using JasperFx;
using JasperFx.Events;
using Lineage.Api.Stages;
using Lineage.Api.Stages.Generation;
using Lineage.Domain.Pipelines;
using Lineage.Domain.Runs;
using Marten;
using Npgsql;
using NpgsqlTypes;

namespace Lineage.Bench.Spine;

public sealed record AppendResult(string Path, int Events, long Bytes, double Seconds)
{
    public double EventsPerSecond => Events / Seconds;
    public double MegabytesPerSecond => Bytes / Seconds / 1e6;
}

/// <summary>
/// Per-example append throughput: the generate stage's write (one new stream of 250 <c>ExampleGenerated</c>
/// + <c>CandidatesGenerated</c> per batch, one transaction, through <see cref="StageStreams.StartOnceAsync"/>)
/// against a plain binary COPY of the same rows (stream key, type, JSON payload) into an unindexed table,
/// with the same batches and the same number of concurrent writers. Payloads are the procedural generator's own.
/// </summary>
public static class AppendBenchmark
{
    /// <summary>
    /// Measures each path <paramref name="repeats"/> times, interleaved (COPY, events only, stage, COPY, ...) so that
    /// drift in the machine's load hits all paths alike, and returns each path's median run.
    /// </summary>
    public static async Task<IReadOnlyList<AppendResult>> RunAsync(
        IDocumentStore production, string connectionString, string schema, int batches, int batchSize, int writers, int repeats, TextWriter log)
    {
        await using var eventsOnly = DocumentStore.For(o =>
        {
            o.Connection(connectionString);
            o.DatabaseSchemaName = schema + "_events_only";
            o.AutoCreateSchemaObjects = AutoCreate.CreateOrUpdate;
            o.Events.StreamIdentity = StreamIdentity.AsString;
            o.Events.AppendMode = EventAppendMode.Quick;
        });
        await eventsOnly.Advanced.Clean.CompletelyRemoveAllAsync();
        await eventsOnly.Storage.ApplyAllConfiguredChangesToDatabaseAsync();
        await production.Advanced.ResetAllData();
        var table = $"{schema}.copy_rows";
        await ExecuteAsync(connectionString, $"create schema if not exists {schema}; drop table if exists {table}; create table {table} (stream text not null, type text not null, data jsonb not null)");

        // The lineage document's secondary indexes (all but its primary key), as Marten made them (by the third path's first
        // write): dropped for the fourth path and made again after it, to see what they cost the stage's write.
        var lineageSchema = production.Options.DatabaseSchemaName;
        var lineageTable = production.Options.Schema.For<Domain.Examples.ExampleLineage>(qualified: false);
        var indexes = new List<(string Name, string Definition)>();
        async Task DropIndexesAsync()
        {
            indexes = await SecondaryIndexesAsync(connectionString, lineageSchema, lineageTable);
            if (indexes.Count == 0) throw new InvalidOperationException($"{lineageSchema}.{lineageTable} has no secondary index to drop");
            await ExecuteAsync(connectionString, string.Join(";", indexes.Select(i => $"drop index {lineageSchema}.{i.Name}")));
            log.WriteLine($"  (dropped {string.Join(", ", indexes.Select(i => i.Name))})");
        }
        (string Path, Func<Batch, Task> Write, Func<Task>? Before, Func<Task>? After)[] paths =
        [
            ("COPY (binary, one COPY per batch)", b => CopyAsync(connectionString, table, b), null, null),
            ("Marten, events only (no projection)", b => StartStreamAsync(eventsOnly, b), null, null),
            ("Marten, as the stage writes (inline lineage projection)", b => StartStreamAsync(production, b), null, null),
            ("Marten, as the stage writes, lineage document without its secondary indexes", b => StartStreamAsync(production, b),
                DropIndexesAsync, () => ExecuteAsync(connectionString, string.Join(";", indexes.Select(i => i.Definition)))),
        ];
        var runs = paths.ToDictionary(p => p.Path, _ => new List<AppendResult>());
        for (var repeat = 0; repeat < repeats; repeat++)
        {
            // Fresh example ids each time: the projection must insert lineage documents, as the stage does, not update
            // them. The first three paths write the same rows; the fourth writes through the production store as the third
            // does, so it needs a run of its own.
            var payloads = new Dictionary<int, List<Batch>>();
            for (var p = 0; p < paths.Length; p++)
            {
                var own = p < 3 ? 0 : p;
                if (!payloads.TryGetValue(own, out var payload))
                    payloads[own] = payload = await PayloadAsync($"run-benchappend{repeat}{(own == 0 ? "" : $"p{own}")}", batches + writers, batchSize);
                var (path, write, before, after) = paths[p];
                var warmup = payload.Take(writers).ToList();
                var measured = payload.Skip(writers).ToList();
                var bytes = measured.Sum(b => b.Events.Sum(e => (long)JsonSerializer.SerializeToUtf8Bytes(e, e.GetType()).Length));
                var events = measured.Sum(b => b.Events.Count);
                if (before is not null) await before();
                var parallel = new ParallelOptions { MaxDegreeOfParallelism = writers };
                await Parallel.ForEachAsync(warmup, parallel, async (b, _) => await write(b));
                var clock = Stopwatch.StartNew();
                await Parallel.ForEachAsync(measured, parallel, async (b, _) => await write(b));
                var seconds = clock.Elapsed.TotalSeconds;
                runs[path].Add(new AppendResult(path, events, bytes, seconds));
                if (after is not null) await after();
                log.WriteLine($"  {repeat + 1}. {path}: {events / seconds:N0} events/s");
            }
        }
        return paths.Select(p => runs[p.Path].OrderBy(r => r.Seconds).ElementAt(repeats / 2)).ToList();
    }

    public sealed record Batch(string Stream, IReadOnlyList<object> Events);

    private static async Task<List<Batch>> PayloadAsync(string runId, int batches, int batchSize)
    {
        var config = new PipelineConfig { Rounds = 1, BatchesPerRound = batches, BatchSize = batchSize };
        var run = new RunStarted(runId, "bench-append", config, config.Hash(), 1, null, null, DateTimeOffset.UnixEpoch);
        var source = new ProceduralCandidateSource(new NoFewShotPool());
        var list = new List<Batch>(batches);
        for (var b = 0; b < batches; b++)
            list.Add(new Batch(RunIds.Streams.Generate(run.RunId, 1, b), await source.GenerateAsync(run, 1, b, CancellationToken.None)));
        return list;
    }

    private static async Task StartStreamAsync(IDocumentStore store, Batch batch)
    {
        await using var session = store.LightweightSession();
        if (!await StageStreams.StartOnceAsync(session, batch.Stream, batch.Events, CancellationToken.None))
            throw new InvalidOperationException($"stream {batch.Stream} already existed: the benchmark schema was not empty");
    }

    private static async Task CopyAsync(string connectionString, string table, Batch batch)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var copy = await connection.BeginBinaryImportAsync($"copy {table} (stream, type, data) from stdin (format binary)");
        foreach (var e in batch.Events)
        {
            await copy.StartRowAsync();
            await copy.WriteAsync(batch.Stream, NpgsqlDbType.Text);
            await copy.WriteAsync(e.GetType().Name, NpgsqlDbType.Text);
            await copy.WriteAsync(JsonSerializer.Serialize(e, e.GetType()), NpgsqlDbType.Jsonb);
        }
        await copy.CompleteAsync();
    }

    private static async Task<List<(string Name, string Definition)>> SecondaryIndexesAsync(string connectionString, string schema, string table)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "select indexname, indexdef from pg_indexes where schemaname = $1 and tablename = $2 and indexname not like 'pkey%' order by indexname", connection);
        command.Parameters.AddWithValue(schema);
        command.Parameters.AddWithValue(table);
        var list = new List<(string, string)>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync()) list.Add((reader.GetString(0), reader.GetString(1)));
        return list;
    }

    private static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
