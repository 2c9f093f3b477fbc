using Lineage.Api.EventStore;
using Lineage.Domain.Examples;
using Lineage.Domain.Forks;
using Lineage.Domain.Pipelines;
using Lineage.Domain.Runs;
using Marten;

namespace Lineage.Api.EventStore;

/// <summary>
/// Reads what stages need about a run straight from the event log: the <see cref="RunStarted"/> snapshot
/// (config, seed) and counts of completed batches. The run status document is an async projection for
/// people to read; decisions never wait on it.
/// </summary>
public static class RunReader
{
    public static async Task<RunStarted> LoadAsync(IQuerySession session, string runId, CancellationToken ct)
    {
        var events = await session.Events.FetchStreamAsync(RunIds.Streams.Run(runId), 1, token: ct);
        return events.Select(e => e.Data).OfType<RunStarted>().FirstOrDefault() ?? throw new UnknownRunException(runId);
    }

    /// <summary>
    /// The head of a run's stream as stage order sees it: a run's start, or, for a fork (which shares a run's shape of
    /// ids but is re-decided from its parent's records, never driven by stages), null with the fork's config. A fork is
    /// sealed in the transaction that writes it, so <see cref="Lineage.Domain.Stages.StageGuard"/> refuses any stage
    /// command naming it as it refuses one for a sealed run.
    /// </summary>
    public static async Task<(RunStarted? Run, PipelineConfig Config)> StageSubjectAsync(IQuerySession session, string runId, CancellationToken ct)
    {
        var events = await session.Events.FetchStreamAsync(RunIds.Streams.Run(runId), 1, token: ct);
        return events.Select(e => e.Data).FirstOrDefault() switch
        {
            RunStarted run => (run, run.Config),
            VersionForked fork => (null, fork.Config),
            _ => throw new UnknownRunException(runId),
        };
    }

    public static async Task<bool> ExistsAsync(IQuerySession session, string runId, CancellationToken ct) =>
        await session.Events.FetchStreamStateAsync(RunIds.Streams.Run(runId), ct) is not null;

    /// <summary>How many batches of one stage have completed in a round: each has exactly one such event.</summary>
    public static Task<int> CountAsync<TBatchEvent>(IQuerySession session, string runId, int round, CancellationToken ct)
        where TBatchEvent : IRunEvent => CountAsync(session, typeof(TBatchEvent), runId, round, ct);

    /// <inheritdoc cref="CountAsync{TBatchEvent}"/>
    public static async Task<int> CountAsync(IQuerySession session, Type batchEvent, string runId, int round, CancellationToken ct)
    {
        var prefix = $"{RunIds.Streams.Round(runId, round)}:";
        var typeName = JasperFx.Events.EventTypeExtensions.GetEventTypeName(batchEvent);
        return await session.Events.QueryAllRawEvents()
            .Where(e => e.StreamKey!.StartsWith(prefix) && e.EventTypeName == typeName)
            .CountAsync(ct);
    }
}
