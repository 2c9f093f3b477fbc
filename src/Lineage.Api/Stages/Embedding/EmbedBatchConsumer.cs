using Lineage.Api.EventStore;
using Lineage.Domain.Messages;
using Lineage.Domain.Runs;
using Marten;

namespace Lineage.Api.Stages.Embedding;

/// <summary>
/// Embeds a batch by its proxy gradients: the seed pool in round 0, a batch's verified candidates after.
/// Vectors go to the blob store; the batch's embed stream records where, with what model, and how.
/// </summary>
public sealed class EmbedBatchConsumer(StageWriter writer, ProxyModelHost proxies, EmbeddingVectors vectors) : StageConsumer<EmbedBatch>(writer)
{
    protected override string StreamOf(EmbedBatch m) => RunIds.Streams.Embed(m.RunId, m.Round, m.Batch);

    protected override async Task<IReadOnlyList<object>> ProduceAsync(IDocumentSession session, EmbedBatch m, RunStarted run, CancellationToken ct)
    {
        var diversity = run.Config.Diversity ?? throw new InvalidOperationException($"run {m.RunId} has no diversity settings: nothing to embed for");
        var inputs = await EmbeddingInputs.LoadAsync(session, run, m.Round, m.Batch, ct);
        var source = await ProxySource.ForRunAsync(session, run, ct);
        return await proxies.UseAsync(source, LoadedProxy.DTypeOf(diversity.ProxyDType),
            proxy => BatchEmbedding.Embed(m.RunId, m.Round, m.Batch, inputs, diversity, proxy, vectors.Save), ct);
    }
}
