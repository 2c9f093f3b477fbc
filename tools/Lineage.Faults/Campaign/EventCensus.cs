using Lineage.Domain.Runs;
using Npgsql;

namespace Lineage.Faults.Campaign;

/// <summary>One event type of a run: how many events, and a digest of their payloads (sorted, wall-clock fields removed).</summary>
public sealed record TypeTally(string Type, long Events, string Digest);

/// <summary>A payload key stored more than once: an event type, the example and coordinates it is about, and how often.</summary>
public sealed record DuplicateKey(string Type, string Key, long Copies);

/// <summary>What a run's event log holds, read with SQL straight from <c>mt_events</c>: no projection, no Marten.</summary>
public sealed record Census(IReadOnlyList<TypeTally> Types, IReadOnlyList<DuplicateKey> Duplicates, TimeSpan? TimeToSeal, string? ManifestHash)
{
    public long Events => Types.Sum(t => t.Events);

    public long EventsOf(string type) => Types.FirstOrDefault(t => t.Type == type)?.Events ?? 0;

    /// <summary>Extra copies beyond the first, over every duplicated key.</summary>
    public long DuplicateCopies => Duplicates.Sum(d => d.Copies - 1);
}

public static class EventCensus
{
    /// <summary>Fields that hold the wall clock; two runs of the same seed differ only there.</summary>
    private static readonly string[] ClockFields = ["StartedAt", "SealedAt", "CompletedAt", "FailedAt"];

    public static async Task<Census> TakeAsync(string connectionString, string schema, string runId, CancellationToken ct = default)
    {
        await using var connection = Unpooled(connectionString);
        await connection.OpenAsync(ct);
        var ofRun = OfRun(schema, runId);
        var payload = "data" + string.Concat(ClockFields.Select(f => $" - '{f}'"));

        var types = new List<TypeTally>();
        await using (var command = Command(connection, runId,
            $"select type, count(*), md5(string_agg(({payload})::text, E'\\n' order by ({payload})::text)) from {ofRun} group by type order by type"))
        await using (var reader = await command.ExecuteReaderAsync(ct))
            while (await reader.ReadAsync(ct)) types.Add(new TypeTally(reader.GetString(0), reader.GetInt64(1), reader.GetString(2)));

        // An event is about one example (and one clustering), or one round and batch, or the whole run: a key seen
        // twice for one type is the same fact stored twice, whether or not the two copies are byte for byte equal.
        var duplicates = new List<DuplicateKey>();
        const string key = "concat_ws('/', data->>'ExampleId', data->>'ClusteringId', data->>'Round', data->>'Batch')";
        await using (var command = Command(connection, runId,
            $"select type, {key}, count(*) from {ofRun} group by type, {key} having count(*) > 1 order by 1, 2"))
        await using (var reader = await command.ExecuteReaderAsync(ct))
            while (await reader.ReadAsync(ct)) duplicates.Add(new DuplicateKey(reader.GetString(0), reader.GetString(1), reader.GetInt64(2)));

        TimeSpan? timeToSeal = null;
        string? manifestHash = null;
        await using (var command = Command(connection, runId,
            $"""
            select (select min(timestamp) from {ofRun} where type = 'version_sealed') - (select min(timestamp) from {ofRun} where type = 'run_started'),
                   (select min(data->>'ManifestHash') from {ofRun} where type = 'version_sealed')
            """))
        await using (var reader = await command.ExecuteReaderAsync(ct))
        {
            await reader.ReadAsync(ct);
            if (!reader.IsDBNull(0)) timeToSeal = reader.GetTimeSpan(0);
            if (!reader.IsDBNull(1)) manifestHash = reader.GetString(1);
        }
        return new Census(types, duplicates, timeToSeal, manifestHash);
    }

    /// <summary>
    /// Every commit to the schema, timed from the run's start: events of one transaction share its timestamp (Marten
    /// stamps them with the transaction's time), so each distinct timestamp is a commit.
    /// </summary>
    public static async Task<RunTimeline> TimelineAsync(string connectionString, string schema, CancellationToken ct = default)
    {
        await using var connection = Unpooled(connectionString);
        await connection.OpenAsync(ct);
        await using var command = new NpgsqlCommand(
            $"""
            with started as (select min(timestamp) as t from {schema}.mt_events where type = 'run_started'),
                 commits as (select timestamp, count(*) as n from {schema}.mt_events group by timestamp)
            select timestamp - (select t from started), (sum(n) over (order by timestamp))::bigint,
                   (select max(timestamp) from {schema}.mt_events where type = 'version_sealed') - (select t from started)
            from commits order by timestamp
            """, connection);
        var commits = new List<Commit>();
        var toSeal = TimeSpan.Zero;
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            commits.Add(new Commit(reader.GetTimeSpan(0), reader.GetInt64(1)));
            toSeal = reader.GetTimeSpan(2);
        }
        return new RunTimeline(commits, toSeal);
    }

    /// <summary>How many events the schema holds in all (the progress probe: cheap, and run-agnostic).</summary>
    public static async Task<long> CountAllAsync(string connectionString, string schema, CancellationToken ct = default)
    {
        await using var connection = Unpooled(connectionString);
        await connection.OpenAsync(ct);
        await using var command = new NpgsqlCommand($"select count(*) from {schema}.mt_events", connection);
        return (long)(await command.ExecuteScalarAsync(ct))!;
    }

    /// <summary>
    /// A connection of its own: a pooled one may have been killed by a database restart since it was last used, and
    /// Npgsql finds that out only when the next command fails.
    /// </summary>
    private static NpgsqlConnection Unpooled(string connectionString) =>
        new(new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ConnectionString);

    /// <summary>The run's events: its own streams (<c>run:{id}</c>, <c>run:{id}:…</c>) and its version's.</summary>
    private static string OfRun(string schema, string runId) =>
        $"(select type, data, timestamp from {schema}.mt_events where stream_id = @run or stream_id like @prefix or stream_id = @version) as e";

    private static NpgsqlCommand Command(NpgsqlConnection connection, string runId, string sql)
    {
        var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddWithValue("run", RunIds.Streams.Run(runId));
        command.Parameters.AddWithValue("prefix", RunIds.Streams.RunPrefix(runId) + ":%");
        command.Parameters.AddWithValue("version", RunIds.Streams.Version(RunIds.Version(runId)));
        return command;
    }
}
