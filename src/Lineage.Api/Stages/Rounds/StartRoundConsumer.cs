using Lineage.Api.EventStore;
using Lineage.Domain.Messages;
using Lineage.Domain.Runs;
using Marten;

namespace Lineage.Api.Stages.Rounds;

/// <summary>Opens a round: one stream per round, so a redelivered start adds nothing.</summary>
public sealed class StartRoundConsumer(StageWriter writer, TimeProvider clock) : StageConsumer<StartRound>(writer)
{
    protected override string StreamOf(StartRound m) => RunIds.Streams.Round(m.RunId, m.Round);

    protected override Task<IReadOnlyList<object>> ProduceAsync(IDocumentSession session, StartRound m, RunStarted run, CancellationToken ct) =>
        Task.FromResult<IReadOnlyList<object>>(
            [new RoundStarted(m.RunId, m.Round, run.Config.BatchesPerRound, run.Config.BatchSize, clock.GetUtcNow())]);
}
