using Lineage.Api.EventStore;
using Lineage.Api.Options;
using Lineage.Domain.Runs;
using Lineage.Domain.Versions;
using Marten;

namespace Lineage.Api.Messaging;

/// <summary>
/// The relay reads committed events in sequence order through Marten's async daemon, which steps over a gap in the
/// sequence once it has waited long enough for the transaction holding it; on a loaded machine a transaction can
/// commit after that, and the relay never sees its events. Every few seconds this finds runs that have stopped
/// moving (no event for <see cref="SweepOptions.StallSeconds"/>, not sealed, no stage failed) and sends what their log
/// calls for and has not completed (<see cref="StagePlanner.Outstanding"/>), so a missed event delays a run and never
/// strands it.
/// </summary>
public sealed class StalledRunSweeper(IDocumentStore store, StageDispatcher dispatcher, LineageOptions options, TimeProvider clock,
    ILogger<StalledRunSweeper> logger) : BackgroundService
{
    private static readonly string[] RelayEventNames = [.. StagePlanner.EventTypes.Select(JasperFx.Events.EventTypeExtensions.GetEventTypeName)];

    // When each command was last sent, so a stage that is merely slow (training the default proxy under load) is
    // resent once per stall period rather than at every pass.
    private readonly Dictionary<string, DateTimeOffset> _lastSent = new(StringComparer.Ordinal);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(Math.Max(1, options.Sweep.IntervalSeconds)), clock);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await SweepAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning(e, "sweep of stalled runs failed; the next one follows in {Seconds} s", options.Sweep.IntervalSeconds);
            }
        }
    }

    private bool LastSent(object command, out DateTimeOffset at)
    {
        lock (_lastSent) return _lastSent.TryGetValue(command.ToString()!, out at);
    }

    /// <summary>One pass: the commands sent, per run.</summary>
    public async Task<IReadOnlyDictionary<string, IReadOnlyList<object>>> SweepAsync(CancellationToken ct)
    {
        var stall = TimeSpan.FromSeconds(options.Sweep.StallSeconds);
        lock (_lastSent)
            foreach (var old in _lastSent.Where(p => clock.GetUtcNow() - p.Value > 2 * stall).Select(p => p.Key).ToList()) _lastSent.Remove(old);
        await using var session = store.QuerySession();
        var sent = new Dictionary<string, IReadOnlyList<object>>(StringComparer.Ordinal);
        foreach (var run in await UnendedRunsAsync(session, ct))
        {
            var runStream = RunIds.Streams.Run(run.RunId);
            var prefix = RunIds.Streams.RunPrefix(run.RunId) + ":";
            if (await NewestEventAsync(session, runStream, ct) is not { } newest || clock.GetUtcNow() - newest < stall) continue;
            var log = (await session.Events.QueryAllRawEvents()
                    .Where(e => (e.StreamKey == runStream || e.StreamKey!.StartsWith(prefix)) && e.EventTypeName.IsOneOf(RelayEventNames))
                    .OrderBy(e => e.Sequence)
                    .ToListAsync(ct))
                .Select(e => e.Data).OfType<IRunEvent>().ToList();
            var now = clock.GetUtcNow();
            var outstanding = StagePlanner.Outstanding(log, run.Config)
                .Where(c => !LastSent(c, out var at) || now - at >= stall)
                .ToList();
            if (outstanding.Count == 0) continue;
            logger.LogInformation("run {Run} wrote nothing for {Seconds:F0} s: sending {Commands}", run.RunId,
                (clock.GetUtcNow() - newest).TotalSeconds, string.Join(", ", outstanding));
            foreach (var command in outstanding)
            {
                await dispatcher.SendAsync(command, ct);
                lock (_lastSent) _lastSent[command.ToString()!] = now;
            }
            sent[run.RunId] = [.. outstanding];
        }
        return sent;
    }

    /// <summary>
    /// Every run started and neither sealed nor failed, from <c>mt_streams</c> (a row per stream) and lookups by key:
    /// a run's <see cref="RunStarted"/> opens <c>run:{id}</c>, its seal opens its version's stream, and a stage's failure
    /// is in <c>run:{id}:failures</c>. Asking the log for every event of those types would scan all of it at every pass.
    /// </summary>
    private static async Task<IReadOnlyList<RunStarted>> UnendedRunsAsync(IQuerySession session, CancellationToken ct)
    {
        var schema = session.DocumentStore.Options.Events.DatabaseSchemaName;
        var runs = await session.AdvancedSql.QueryAsync<RunStarted>('$', $"""
            select e.data from {schema}.mt_streams s
            join {schema}.mt_events e on e.stream_id = s.id and e.version = 1 and e.type = $
            where s.id like 'run:%' and strpos(substr(s.id, 5), ':') = 0
            order by e.seq_id
            """, ct, EventNames.Of<RunStarted>());
        var streams = runs.SelectMany(r => new[] { RunIds.Streams.Version(RunIds.Version(r.RunId)), RunIds.Streams.Failures(r.RunId) }).ToArray();
        var over = (await session.AdvancedSql.QueryAsync<string>('$', $"""
            select distinct stream_id from {schema}.mt_events where stream_id = any($) and type = any($)
            """, ct, streams, new[] { EventNames.Of<VersionSealed>(), EventNames.Of<StageFailed>() })).ToHashSet(StringComparer.Ordinal);
        return runs.Where(r => !over.Contains(RunIds.Streams.Version(RunIds.Version(r.RunId))) && !over.Contains(RunIds.Streams.Failures(r.RunId)))
            .ToList();
    }

    /// <summary>When the run last wrote: the newest of its streams' last events (<c>mt_streams</c>, then one event per stream).</summary>
    private static async Task<DateTimeOffset?> NewestEventAsync(IQuerySession session, string runStream, CancellationToken ct)
    {
        var schema = session.DocumentStore.Options.Events.DatabaseSchemaName;
        var newest = await session.AdvancedSql.QueryAsync<long>('$', $"""
            select coalesce((extract(epoch from max(e.timestamp)) * 1000)::bigint, -1) from {schema}.mt_streams s
            join {schema}.mt_events e on e.stream_id = s.id and e.version = s.version
            where s.id = $ or s.id like $ escape '\'
            """, ct, runStream, StreamPrefix.Like(runStream + ":"));
        return newest.Count == 0 || newest[0] < 0 ? null : DateTimeOffset.FromUnixTimeMilliseconds(newest[0]);
    }
}
