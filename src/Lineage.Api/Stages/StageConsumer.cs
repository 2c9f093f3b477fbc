using Lineage.Api.EventStore;
using Lineage.Domain.Messages;
using Lineage.Domain.Runs;
using Lineage.Domain.Stages;
using Marten;
using MassTransit;

namespace Lineage.Api.Stages;

/// <summary>
/// What every stage does alike: a command maps to one stream (<see cref="StreamOf"/>); a command whose stream
/// holds its stage's completion event is a redelivery and is done; otherwise the run is loaded and the command is
/// held to stage order (<see cref="StageGuard"/>, on facts read from the log), because anyone with broker access can
/// send one. A refused command is recorded once as <see cref="StageRefused"/> and does nothing else; an admitted one
/// has the stage produce its events (<see cref="ProduceAsync"/>), which <see cref="StageWriter"/> writes in bounded
/// transactions that a concurrent duplicate cannot repeat, completing what an interrupted delivery began.
/// Subclasses hold only what their stage computes.
/// </summary>
public abstract class StageConsumer<TCommand>(StageWriter writer) : IConsumer<TCommand>
    where TCommand : class, IStageCommand
{
    /// <summary>The stream this command's output starts.</summary>
    protected abstract string StreamOf(TCommand command);

    /// <summary>
    /// The stream's events, ending with the stage's completion event, computed from the log alone (a delivery that
    /// resumes an interrupted write recomputes them). Reads go through <paramref name="session"/>; documents stored
    /// on it commit with the completion event.
    /// </summary>
    protected abstract Task<IReadOnlyList<object>> ProduceAsync(IDocumentSession session, TCommand command, RunStarted run, CancellationToken ct);

    public async Task Consume(ConsumeContext<TCommand> context)
    {
        var command = context.Message;
        var ct = context.CancellationToken;
        await using var session = writer.Store.LightweightSession();
        var stream = StreamOf(command);
        if (await StageWriter.IsCompleteAsync(session, stream, StageTable.Of(command).Completion, ct)) return;
        var (run, config) = await RunReader.StageSubjectAsync(session, command.RunId, ct);
        var facts = await StageFactsReader.ReadAsync(session, command, config, ct);
        if (StageGuard.Check(command, config, facts) is { } refusal)
        {
            await RefuseAsync(session, command, refusal, ct);
            return;
        }
        // Only a run reaches here: a fork is sealed when it is written, and the guard refuses every command after a seal.
        if (run is null) throw new InvalidOperationException($"{command.RunId} is a fork, which no stage drives");
        var events = await ProduceAsync(session, command, run, ct);
        await writer.WriteAsync(session, stream, events, ct);
    }

    private static Task RefuseAsync(IDocumentSession session, TCommand command, StageRefusal refusal, CancellationToken ct)
    {
        var stage = StageTable.Of(command).Name;
        var (round, batch) = Stage.Coordinates(command);
        return StageStreams.StartOnceAsync(session, StageRefusalStreams.Of(command.RunId, stage, round, batch, refusal.Condition),
            [new StageRefused(command.RunId, stage, round, batch, refusal.Condition, refusal.Reason)], ct);
    }
}
