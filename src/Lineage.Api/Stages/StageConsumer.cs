using Lineage.Api.EventStore;
using Lineage.Domain.Messages;
using Lineage.Domain.Runs;
using Marten;
using MassTransit;

namespace Lineage.Api.Stages;

/// <summary>
/// What every stage does alike: a command maps to one stream (<see cref="StreamOf"/>); a command whose stream
/// exists is a redelivery and is done; otherwise the run is loaded, the stage produces its events
/// (<see cref="ProduceAsync"/>), and they start the stream in one transaction, which a concurrent duplicate
/// that loses the race cannot repeat. Subclasses hold only what their stage computes.
/// </summary>
public abstract class StageConsumer<TCommand>(IDocumentStore store) : IConsumer<TCommand>
    where TCommand : class, IStageCommand
{
    /// <summary>The stream this command's output starts.</summary>
    protected abstract string StreamOf(TCommand command);

    /// <summary>The stream's events. Reads go through <paramref name="session"/>; documents stored on it commit with the events.</summary>
    protected abstract Task<IReadOnlyList<object>> ProduceAsync(IDocumentSession session, TCommand command, RunStarted run, CancellationToken ct);

    public async Task Consume(ConsumeContext<TCommand> context)
    {
        var command = context.Message;
        var ct = context.CancellationToken;
        await using var session = store.LightweightSession();
        var stream = StreamOf(command);
        if (await StageStreams.ExistsAsync(session, stream, ct)) return;
        var run = await RunReader.LoadAsync(session, command.RunId, ct);
        var events = await ProduceAsync(session, command, run, ct);
        await StageStreams.StartOnceAsync(session, stream, events, ct);
    }
}
