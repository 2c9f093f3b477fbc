using Lineage.Domain.Messages;
using Lineage.Domain.Runs;
using Marten;
using MassTransit;

namespace Lineage.Api.Stages.Generation;

public sealed class GenerateCandidatesConsumer(IDocumentStore store, IEnumerable<ICandidateSource> sources) : IConsumer<GenerateCandidates>
{
    public async Task Consume(ConsumeContext<GenerateCandidates> context)
    {
        var m = context.Message;
        var ct = context.CancellationToken;
        await using var session = store.LightweightSession();
        var stream = RunIds.Streams.Generate(m.RunId, m.Round, m.Batch);
        if (await StageStreams.ExistsAsync(session, stream, ct)) return;
        var run = await RunReader.LoadAsync(session, m.RunId, ct);
        if (m.Batch < 0 || m.Batch >= run.Config.BatchesPerRound)
            throw new ArgumentOutOfRangeException(nameof(m.Batch), m.Batch, $"run {m.RunId} has {run.Config.BatchesPerRound} batches per round");
        var kind = run.Config.Generator.Kind;
        var source = sources.FirstOrDefault(s => s.Kind == kind)
            ?? throw new InvalidOperationException($"no generator of kind '{kind}' is registered in this worker");
        var events = await source.GenerateAsync(run, m.Round, m.Batch, ct);
        await StageStreams.StartOnceAsync(session, stream, events, ct);
    }
}
