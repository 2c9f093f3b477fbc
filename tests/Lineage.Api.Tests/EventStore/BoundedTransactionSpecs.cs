using Lineage.Api.EventStore;
using Lineage.Api.Examples;
using Lineage.Api.Options;
using Lineage.Api.Tests.Platform;
using Lineage.Api.Versions;
using Lineage.Domain.Examples;
using Lineage.Domain.Pipelines;
using Lineage.Domain.Runs;
using Lineage.Domain.Versions;
using Marten;
using Npgsql;

namespace Lineage.Api.Tests.EventStore;

/// <summary>The whole platform, writing at most <see cref="EventsPerTransaction"/> events per transaction.</summary>
public sealed class SmallTransactionsFixture() : LineageFixture("chunks")
{
    public const int EventsPerTransaction = 7;

    protected override void Configure(LineageOptions options) => options.EventsPerTransaction = EventsPerTransaction;
}

/// <summary>
/// Round-sized stage outputs are written in bounded transactions: counted on PostgreSQL's own transaction ids of the
/// stored rows. A write interrupted between two transactions (a database error raised by a trigger on the event
/// table, once) is completed by the redelivered command without a duplicate, and the run seals the same manifest,
/// with the same decisions and the same answers to "why", as an uninterrupted run with the same seed.
/// </summary>
[Trait("Category", "Integration")]
public sealed class BoundedTransactionSpecs(SmallTransactionsFixture f) : IClassFixture<SmallTransactionsFixture>, IAsyncLifetime
{
    private const string Pipeline = "chunked";

    public Task InitializeAsync() => f.ResetAsync();

    public async Task DisposeAsync() => await ExecuteAsync(
        $"drop trigger if exists lt_interrupt on {f.Options.Schema}.mt_events; drop function if exists {f.Options.Schema}.lt_interrupt(); drop sequence if exists {f.Options.Schema}.lt_attempts");

    private PipelineConfig Config()
    {
        var seeds = Path.Combine(f.Options.DataDirectory, "seeds.jsonl");
        PipelineRuns.WriteSeedFile(seeds, seed: 314, count: 20);
        return new PipelineConfig
        {
            Rounds = 2,
            BatchesPerRound = 2,
            BatchSize = 12,
            Generator = new GeneratorConfig { ErrorRate = 0.1 },
            Diversity = new DiversityConfig { Mode = "fast", Dimension = 32, KRatio = 0.25, R = 0.5, Iterations = 8 },
            Seeds = new SeedPoolConfig { File = seeds, Limit = 20 },
        };
    }

    [Fact]
    public async Task a_round_is_written_in_transactions_of_at_most_the_configured_size_and_an_interrupted_write_resumes_without_duplicates()
    {
        var (runId, status) = await PipelineRuns.RunToVersionAsync(f, Pipeline, Config(), seed: 21);
        var reference = await RecordAsync(runId, status.VersionId!);

        foreach (var round in new[] { 1, 2 })
        foreach (var stream in new[] { RunIds.Streams.Cluster(runId, round), RunIds.Streams.Filter(runId, round) })
        {
            var (events, transactions) = await TransactionsAsync(stream);
            Assert.True(events > 2 * SmallTransactionsFixture.EventsPerTransaction, $"{stream} holds {events} events: too few to need several transactions");
            Assert.Equal((events + SmallTransactionsFixture.EventsPerTransaction - 1) / SmallTransactionsFixture.EventsPerTransaction, transactions);
        }

        // The same run again, from an empty store, with round 1's filter write failing once after two transactions.
        await f.ResetAsync();
        var interruptedAt = 2 * SmallTransactionsFixture.EventsPerTransaction + 1;
        await InterruptOnceAsync(RunIds.Streams.Filter(runId, 1), interruptedAt);
        var (again, againStatus) = await PipelineRuns.RunToVersionAsync(f, Pipeline, Config(), seed: 21);

        Assert.Equal(runId, again);
        // Two attempts at that event: the one that failed and the redelivery's, which wrote it.
        Assert.Equal(2L, await ScalarAsync($"select last_value from {f.Options.Schema}.lt_attempts"));
        var resumed = await RecordAsync(again, againStatus.VersionId!);
        Assert.Equal(reference.ManifestHash, resumed.ManifestHash);
        Assert.Equal(reference.Streams, resumed.Streams);
        // Cosines are sums a multi-threaded reduction may order differently from one run to the next: equal within the
        // audit's tolerance, not bit for bit.
        Assert.Equal(reference.Cosines.Keys.Order(), resumed.Cosines.Keys.Order());
        Assert.All(reference.Cosines, c => Assert.InRange(resumed.Cosines[c.Key], c.Value - 1e-5, c.Value + 1e-5));
        Assert.Equal(reference.Why, resumed.Why);
        // Every candidate of the run decided exactly once, in the log itself.
        var (kept, keptIds) = await EventLog.ExampleEventsAsync<ExampleKept>(f.Store, again);
        var (dropped, droppedIds) = await EventLog.ExampleEventsAsync<ExampleDropped>(f.Store, again);
        Assert.Equal((kept, dropped), (keptIds, droppedIds));
        Assert.Equal(againStatus.Rounds.Sum(r => r.Verified), kept + dropped);
        var rebuild = await f.Service<VersionRebuilder>().RebuildAsync(againStatus.VersionId!, CancellationToken.None);
        Assert.True(rebuild!.Matches);
    }

    [Fact]
    public async Task two_deliveries_writing_the_same_output_at_once_store_each_event_once()
    {
        var writer = new StageWriter(f.Store, new LineageOptions { EventsPerTransaction = 3 });
        var stream = "chunks:race";
        var events = Enumerable.Range(1, 40).Select(n => (object)new Tick(n)).ToList();

        await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => Task.Run(async () =>
        {
            await using var session = f.Store.LightweightSession();
            await writer.WriteAsync(session, stream, events, CancellationToken.None);
        })));

        await using var read = f.Store.QuerySession();
        var stored = await read.Events.FetchStreamAsync(stream);
        Assert.Equal(Enumerable.Range(1, 40), stored.Select(e => ((Tick)e.Data).N));
        Assert.Equal(Enumerable.Range(1, 40).Select(n => (long)n), stored.Select(e => e.Version));
    }

    [Fact]
    public async Task a_partly_written_stream_that_another_output_began_is_refused_and_left_as_it_was()
    {
        var writer = new StageWriter(f.Store, new LineageOptions { EventsPerTransaction = 4 });
        var stream = "chunks:changed";
        await using (var session = f.Store.LightweightSession())
        {
            session.Events.StartStream(stream, new Tick(1), new Tick(2), new Other(3));
            await session.SaveChangesAsync();
        }

        await using (var session = f.Store.LightweightSession())
            await Assert.ThrowsAsync<InvalidOperationException>(() =>
                writer.WriteAsync(session, stream, Enumerable.Range(1, 10).Select(n => (object)new Tick(n)).ToList(), CancellationToken.None));

        await using var read = f.Store.QuerySession();
        Assert.Equal(3, (await read.Events.FetchStreamAsync(stream)).Count);
    }

    private sealed record Tick(int N);

    private sealed record Other(int N);

    private sealed record RunRecord(string ManifestHash, IReadOnlyList<string> Streams, IReadOnlyDictionary<string, double> Cosines, IReadOnlyList<string> Why);

    /// <summary>What the run wrote, stream by stream (each event's position, type and example), and "why" for a sample.</summary>
    private async Task<RunRecord> RecordAsync(string runId, string versionId)
    {
        await using var session = f.Store.QuerySession();
        var sealedEvent = (await session.Events.FetchStreamAsync(RunIds.Streams.Version(versionId))).Select(e => e.Data).OfType<VersionSealed>().Single();
        var prefix = RunIds.Streams.RunPrefix(runId) + ":";
        var raw = await session.Events.QueryAllRawEvents().Where(e => e.StreamKey!.StartsWith(prefix)).OrderBy(e => e.Sequence).ToListAsync();
        var streams = raw
            .Select(e => $"{e.StreamKey} {e.Version} {e.EventTypeName} {(e.Data as IExampleEvent)?.ExampleId} {Decided(e.Data)}")
            .Order(StringComparer.Ordinal)
            .ToList();
        var ids = raw.Select(e => e.Data).OfType<ExampleDropped>().Select(d => d.ExampleId).Take(3)
            .Concat(raw.Select(e => e.Data).OfType<ExampleKept>().Select(k => k.ExampleId).Take(3));
        var why = new List<string>();
        foreach (var id in ids)
            why.Add(string.Join("\n", (await f.GetAsync<LineageResponse>($"/examples/{id}/lineage")).Why));
        var cosines = raw.Where(e => e.Data is ExampleAssignedToCluster)
            .ToDictionary(e => $"{e.StreamKey} {e.Version}", e => ((ExampleAssignedToCluster)e.Data).Cosine);
        return new RunRecord(sealedEvent.ManifestHash, streams, cosines, why);
    }

    private static string Decided(object data) => data switch
    {
        ExampleKept k => "kept " + k.Reason,
        ExampleDropped d => $"dropped {d.Rule} {d.Reason}",
        ExampleAssignedToCluster c => $"{c.ClusteringId} cluster {c.ClusterId} size {c.ClusterSize}",
        ExampleEmbedded e => e.VectorSha256,
        _ => "",
    };

    /// <summary>How many events the stream holds, and in how many transactions they were written (distinct xmin).</summary>
    private async Task<(long Events, long Transactions)> TransactionsAsync(string stream)
    {
        await using var connection = new NpgsqlConnection(f.Options.Postgres);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            $"select count(*), count(distinct xmin::text) from {f.Options.Schema}.mt_events where stream_id = @stream", connection);
        command.Parameters.AddWithValue("stream", stream);
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        return (reader.GetInt64(0), reader.GetInt64(1));
    }

    /// <summary>
    /// A trigger that fails, once, the insert of the stream's event at <paramref name="version"/> with a serialization
    /// failure, so MassTransit redelivers; the transactions before it stay committed. Attempts are counted on a
    /// sequence, which a rolled-back transaction does not undo.
    /// </summary>
    private Task InterruptOnceAsync(string stream, int version)
    {
        var schema = f.Options.Schema;
        return ExecuteAsync($"""
            create sequence {schema}.lt_attempts;
            create function {schema}.lt_interrupt() returns trigger language plpgsql as $$
            begin
              if new.stream_id = '{stream}' and new.version = {version} then
                if nextval('{schema}.lt_attempts') = 1 then
                  raise exception 'interrupted by the test' using errcode = '40001';
                end if;
              end if;
              return new;
            end $$;
            create trigger lt_interrupt before insert on {schema}.mt_events for each row execute function {schema}.lt_interrupt();
            """);
    }

    private async Task ExecuteAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(f.Options.Postgres);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private async Task<long> ScalarAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(f.Options.Postgres);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
