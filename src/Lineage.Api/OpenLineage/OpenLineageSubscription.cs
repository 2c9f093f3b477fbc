using JasperFx.Events;
using JasperFx.Events.Daemon;
using JasperFx.Events.Projections;
using Lineage.Api.EventStore;
using Lineage.Domain.Runs;
using Lineage.Domain.Stages;
using Lineage.Domain.Versions;
using Marten;
using Marten.Subscriptions;

namespace Lineage.Api.OpenLineage;

/// <summary>
/// Derives run events from committed events, in commit order, beside the stage relay: a Marten subscription run by
/// the async daemon, so it sees only what was committed and never runs inside a stage. It reads what the mapping
/// needs from the log (the run's start, batch counts, the sealed version) and hands the events to the queue.
/// </summary>
public sealed class OpenLineageSubscription : SubscriptionBase
{
    public const string SubscriptionName = "openlineage";

    private readonly RunEventQueue _queue;
    private readonly RunEventMapper _mapper;
    private readonly ILogger<OpenLineageSubscription> _logger;

    public OpenLineageSubscription(RunEventQueue queue, RunEventMapper mapper, ILogger<OpenLineageSubscription> logger)
    {
        (_queue, _mapper, _logger) = (queue, mapper, logger);
        Name = SubscriptionName;
        Options.BatchSize = 500;
        foreach (var type in RunEventMapper.EventTypes) IncludeType(type);
    }

    public override async Task<IChangeListener> ProcessEventsAsync(
        EventRange page, ISubscriptionController controller, IDocumentOperations operations, CancellationToken cancellationToken)
    {
        var runs = new Dictionary<string, RunStarted>();
        foreach (var e in page.Events)
        {
            if (e.Data is not IRunEvent runEvent) continue;
            if (!runs.TryGetValue(runEvent.RunId, out var run))
            {
                try
                {
                    runs[runEvent.RunId] = run = await RunReader.LoadAsync(operations, runEvent.RunId, cancellationToken);
                }
                catch (UnknownRunException)
                {
                    // A stray event whose run was never started (the log was reset under it): no job to report it under.
                    _logger.LogWarning("OpenLineage: {Event} names unknown run {Run}; skipped", e.EventTypeName, runEvent.RunId);
                    continue;
                }
            }
            var completed = StageTable.CompletedBy(e.EventType) is { Scope: StageScope.Batch } stage && runEvent is IRoundEvent round
                ? await RunReader.CountAsync(operations, stage.Completion, run.Config, runEvent.RunId, round.Round, cancellationToken, through: e.Sequence)
                : 0;
            var sealedVersion = runEvent is RunCompleted done ? await LoadVersionAsync(operations, done.VersionId, cancellationToken) : null;
            foreach (var runEventOut in _mapper.Map(new CommittedEvent(e.Data, e.Timestamp), run, completed, sealedVersion))
                await _queue.EnqueueAsync(runEventOut, cancellationToken);
        }
        return NullChangeListener.Instance;
    }

    private static async Task<VersionSealed?> LoadVersionAsync(IQuerySession session, string versionId, CancellationToken ct)
    {
        var events = await session.Events.FetchStreamAsync(RunIds.Streams.Version(versionId), token: ct);
        return events.Select(x => x.Data).OfType<VersionSealed>().FirstOrDefault();
    }
}
