using Lineage.Api.EventStore;
using Lineage.Domain.Messages;
using Lineage.Domain.Runs;
using Lineage.Domain.Stages;
using Marten;
using MassTransit;

namespace Lineage.Api.Stages.Failures;

/// <summary>
/// When a stage's message exhausts its retries it goes to the error queue and MassTransit publishes a
/// <see cref="Fault{T}"/>. This records it on the run, so the run shows the failure; events the stage
/// appended before failing stay, because every stage appends in one transaction or not at all.
/// One closed type per stage of <see cref="StageTable"/> is registered.
/// </summary>
public sealed class StageFaultConsumer<TCommand>(IDocumentStore store, TimeProvider clock) : IConsumer<Fault<TCommand>>
    where TCommand : class, IStageCommand
{
    public async Task Consume(ConsumeContext<Fault<TCommand>> context)
    {
        var fault = context.Message;
        var command = fault.Message;
        var (round, batch) = Stage.Coordinates(command);
        await using var session = store.LightweightSession();
        // Faults are published to an exchange that other deployments on the broker may share;
        // a run this store does not know is someone else's.
        if (!await RunReader.ExistsAsync(session, command.RunId, context.CancellationToken)) return;
        var exception = fault.Exceptions.FirstOrDefault();
        // A command for a run that did not exist when it was consumed is not that run's failure, even if a run of that
        // id exists now: ids are deterministic, so a stale command from a store since reset, arriving as the same run
        // starts again, would otherwise fail the new run.
        if (exception?.ExceptionType == typeof(UnknownRunException).FullName) return;
        session.Events.Append(RunIds.Streams.Failures(command.RunId), new StageFailed(
            command.RunId, StageTable.Of(command).Name, round, batch,
            exception?.ExceptionType ?? "unknown", exception?.Message ?? "", clock.GetUtcNow()));
        await session.SaveChangesAsync(context.CancellationToken);
    }
}
