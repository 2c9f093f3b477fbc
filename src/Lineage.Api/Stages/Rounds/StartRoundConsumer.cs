using Lineage.Domain.Messages;
using Lineage.Domain.Runs;
using Marten;
using MassTransit;

namespace Lineage.Api.Stages.Rounds;

/// <summary>Opens a round: one stream per round, so a redelivered start adds nothing.</summary>
public sealed class StartRoundConsumer(IDocumentStore store, TimeProvider clock) : IConsumer<StartRound>
{
    public async Task Consume(ConsumeContext<StartRound> context)
    {
        var m = context.Message;
        var ct = context.CancellationToken;
        await using var session = store.LightweightSession();
        var stream = RunIds.Streams.Round(m.RunId, m.Round);
        if (await StageStreams.ExistsAsync(session, stream, ct)) return;
        var run = await RunReader.LoadAsync(session, m.RunId, ct);
        await StageStreams.StartOnceAsync(session, stream,
            [new RoundStarted(m.RunId, m.Round, run.Config.BatchesPerRound, run.Config.BatchSize, clock.GetUtcNow())], ct);
    }
}
