using Lineage.Domain.Messages;
using Lineage.Domain.Runs;
using Marten;
using MassTransit;

namespace Lineage.Api.Stages.Embedding;

/// <summary>
/// Embeds a batch by its proxy gradients: the seed pool in round 0, a batch's verified candidates after.
/// Vectors go to the blob store; the batch's embed stream records where, with what model, and how.
/// </summary>
public sealed class EmbedBatchConsumer(IDocumentStore store, ProxyModelHost proxies, EmbeddingVectors vectors) : IConsumer<EmbedBatch>
{
    public async Task Consume(ConsumeContext<EmbedBatch> context)
    {
        var m = context.Message;
        var ct = context.CancellationToken;
        await using var session = store.LightweightSession();
        var stream = RunIds.Streams.Embed(m.RunId, m.Round, m.Batch);
        if (await StageStreams.ExistsAsync(session, stream, ct)) return;
        var run = await RunReader.LoadAsync(session, m.RunId, ct);
        var diversity = run.Config.Diversity ?? throw new InvalidOperationException($"run {m.RunId} has no diversity settings: nothing to embed for");

        var inputs = await EmbeddingInputs.LoadAsync(session, run, m.Round, m.Batch, ct);
        var source = await ProxySource.ForRunAsync(session, run, ct);
        var events = await proxies.UseAsync(source,
            proxy => BatchEmbedding.Embed(m.RunId, m.Round, m.Batch, inputs, diversity, proxy, vectors), ct);
        await StageStreams.StartOnceAsync(session, stream, events, ct);
    }
}
