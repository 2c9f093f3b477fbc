using Lineage.Api.EventStore;
using JasperFx.Events.Daemon;
using JasperFx.Events.Projections;
using Lineage.Api.Stages;
using Lineage.Domain.Examples;
using Lineage.Domain.Runs;
using Lineage.Domain.Stages;
using Marten;
using Marten.Subscriptions;

namespace Lineage.Api.Messaging;

/// <summary>
/// The at-least-once bridge from committed events to the bus: a Marten subscription that reads
/// events in commit order and sends the next stage's command (see <see cref="StagePlanner"/>).
/// MassTransit's transactional outbox cannot enlist Marten, so consumers never send the next command
/// themselves; a crash between send and progress commit resends, and consumers are idempotent.
/// </summary>
public sealed class StageRelay(StageDispatcher dispatcher, ILogger<StageRelay> logger) : SubscriptionBase
{
    public static IReadOnlyList<Type> EventTypes => StagePlanner.EventTypes;

    // The relay is built while the store is being configured, so it must not depend on the store:
    // the operations handed in are what it reads with.
    public override async Task<IChangeListener> ProcessEventsAsync(
        EventRange page, ISubscriptionController controller, IDocumentOperations operations, CancellationToken cancellationToken)
    {
        var runs = new Dictionary<string, RunStarted>();
        foreach (var e in page.Events)
        {
            if (e.Data is not IRunEvent runEvent) continue;
            if (!runs.TryGetValue(runEvent.RunId, out var run))
                runs[runEvent.RunId] = run = await RunReader.LoadAsync(operations, runEvent.RunId, cancellationToken);
            // A batch stage's successor waits for every batch of the round: count them in the log, up to this event.
            // Counting beyond it, two completions relayed one after the other would both see the whole round complete
            // (the later one already committed) and send the round's next command twice: two filter consumers folding a
            // round of a million at once.
            var completed = StageTable.CompletedBy(e.EventType) is { Scope: StageScope.Batch } stage && runEvent is IRoundEvent roundEvent
                ? await RunReader.CountAsync(operations, stage.Completion, run.Config, runEvent.RunId, roundEvent.Round, cancellationToken,
                    through: e.Sequence)
                : 0;
            foreach (var command in StagePlanner.Next(runEvent, run.Config, completed))
            {
                logger.LogDebug("relay: {Event} -> {Command}", e.EventTypeName, command);
                await dispatcher.SendAsync(command, cancellationToken);
            }
        }
        return NullChangeListener.Instance;
    }
}
