using Lineage.Api.EventStore;
using Lineage.Domain.Examples;
using Lineage.Domain.Forks;
using Lineage.Domain.Pipelines;
using Lineage.Domain.Runs;
using Lineage.Domain.Stages;
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
    public static Task<int> CountAsync<TBatchEvent>(IQuerySession session, PipelineConfig config, string runId, int round, CancellationToken ct)
        where TBatchEvent : IRunEvent => CountAsync(session, typeof(TBatchEvent), config, runId, round, ct);

    /// <inheritdoc cref="CountAsync{TBatchEvent}"/>
    /// <remarks>
    /// The relay asks once per completed batch and every stage command's guard asks again, so this must not grow with
    /// the log or the round: it reads each batch stream's last event (<see cref="StreamHeads"/>).
    /// </remarks>
    /// <param name="through">Count only completions at or below this sequence (a subscription replaying the log).</param>
    public static async Task<int> CountAsync(IQuerySession session, Type batchEvent, PipelineConfig config, string runId, int round, CancellationToken ct,
        long? through = null)
    {
        var stage = StageTable.CompletedBy(batchEvent) is { Scope: StageScope.Batch } s ? s
            : throw new ArgumentException($"{batchEvent.Name} does not complete a batch stage", nameof(batchEvent));
        var streams = Enumerable.Range(0, BatchesIn(config, round)).Select(b => BatchStream(stage, runId, round, b)).ToArray();
        var counts = await StreamHeads.QueryAsync<long>(session, "count(*)", streams,
            [JasperFx.Events.EventTypeExtensions.GetEventTypeName(batchEvent)], ct, through ?? long.MaxValue);
        return checked((int)counts.Single());
    }

    /// <summary>A round's batches: the config's, except round 0, whose one batch embeds the seed pool.</summary>
    public static int BatchesIn(PipelineConfig config, int round) => round == 0 ? 1 : config.BatchesPerRound;

    /// <summary>The stream a batch stage writes a batch to.</summary>
    public static string BatchStream(Stage stage, string runId, int round, int batch) =>
        stage == StageTable.Generate ? RunIds.Streams.Generate(runId, round, batch)
        : stage == StageTable.Verify ? RunIds.Streams.Verify(runId, round, batch)
        : stage == StageTable.Embed ? RunIds.Streams.Embed(runId, round, batch)
        : throw new ArgumentException($"{stage.Name} is not a batch stage", nameof(stage));
}
