using Lineage.Proxy.Embeddings;
using Lineage.Proxy.Models;
using static TorchSharp.torch;

namespace Lineage.Proxy.Tests.Embeddings.Reference;

/// <summary>
/// Fast mode exactly as it was computed before its seeded matrices were cached and its masks
/// applied in place (commit e2ae64b): every ±1 matrix and CountSketch regenerated per batch, every
/// mask and sign an out-of-place product, the final projection's blocks drawn afresh. Kept only
/// so specs can check, bit for bit, that the optimised path still produces the vectors recorded
/// versions were audited with. Not used by the product.
/// </summary>
public static class FastSketchBeforeCaching
{
    private const long FinalProjectionId = 0x46_41_53_54;

    public static Tensor Embed(CausalLM model, IReadOnlyList<ProxyExample> examples, GradientEmbedderOptions options)
    {
        using var scope = NewDisposeScope();
        var parts = new List<Tensor>();
        for (int start = 0; start < examples.Count; start += options.ProjectionBatch)
        {
            using var projectionScope = NewDisposeScope();
            var group = examples.Skip(start).Take(options.ProjectionBatch).ToArray();
            var sketches = new List<Tensor>();
            for (int first = 0; first < group.Length; first += options.BatchSize)
            {
                sketches.Add(Sketch(model, group.Skip(first).Take(options.BatchSize).ToArray(), options));
            }
            var projected = Project(cat(sketches, 0), options.Dimension,
                SeededProjection.Mix(options.Seed, FinalProjectionId)) / Math.Sqrt(options.Dimension);
            parts.Add((projected / projected.norm(1, keepdim: true).clamp_min(1e-30)).MoveToOuterDisposeScope());
        }
        return cat(parts, 0).MoveToOuterDisposeScope();
    }

    public static Tensor Project(Tensor x, int dimension, long seed)
    {
        using var scope = NewDisposeScope();
        long rows = x.shape[1];
        var result = zeros([x.shape[0], dimension], x.dtype, x.device);
        for (long start = 0, block = 0; start < rows; start += SeededProjection.ChunkRows, block++)
        {
            using var blockScope = NewDisposeScope();
            long count = Math.Min(SeededProjection.ChunkRows, rows - start);
            var slice = x.narrow(1, start, count);
            var bits = SeededProjection.Bits(count, dimension, SeededProjection.Mix(seed, block), x.device, x.dtype);
            result.add_(slice.matmul(bits).mul_(2).sub_(slice.sum(1, keepdim: true)));
        }
        return result.MoveToOuterDisposeScope();
    }

    public static Tensor Sketch(CausalLM model, IReadOnlyList<ProxyExample> examples, GradientEmbedderOptions options)
    {
        using var scope = NewDisposeScope();
        var named = model.NamedParameters();
        var wasTrainable = named.Select(p => p.Parameter.requires_grad).ToArray();
        var recorder = model.Recorder;
        var blocks = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        try
        {
            foreach (var (_, p) in named) p.requires_grad = false;
            recorder.Clear();
            recorder.Enabled = true;
            var batch = TokenBatch.Create(examples, model.Device, PaddingSide.Right);
            var logits = model.Forward(batch.Ids, batch.AttentionMask);
            var losses = CompletionLoss.PerExample(logits, batch.Labels);
            recorder.Enabled = false;
            losses.sum().backward();

            var mask = batch.AttentionMask.to_type(ScalarType.Float32).unsqueeze(-1);
            var vocabIndexed = recorder.Embeddings.Select(e => e.WeightName).Append("lm_head.weight").ToHashSet(StringComparer.Ordinal);
            foreach (var record in recorder.Linears)
            {
                if (vocabIndexed.Contains(record.WeightName)) AddOutputLayer(blocks, record, mask, options);
                else AddLinear(blocks, record, mask, options);
            }
            foreach (var record in recorder.Embeddings) AddEmbedding(blocks, record, mask, model.Config.VocabSize, options);
            foreach (var record in recorder.Norms) AddNorm(blocks, record, mask, options);
        }
        finally
        {
            recorder.Enabled = false;
            recorder.Clear();
            for (int i = 0; i < named.Count; i++) named[i].Parameter.requires_grad = wasTrainable[i];
        }
        return cat(named.Select(n => blocks[n.Name]).ToList(), 1).MoveToOuterDisposeScope();
    }

    private static Tensor InputFactor(string weightName, long inFeatures, GradientEmbedderOptions options, Device device) =>
        SeededProjection.Rademacher(inFeatures, options.FastRank,
            SeededProjection.Mix(options.Seed, SeededProjection.NameId(weightName), 1), device);

    private static Tensor OutputFactor(string weightName, long outFeatures, GradientEmbedderOptions options, Device device) =>
        SeededProjection.Rademacher(outFeatures, options.FastRank,
            SeededProjection.Mix(options.Seed, SeededProjection.NameId(weightName), 2), device);

    private static (Tensor Bucket, Tensor Sign) VocabSketch(string weightName, long vocab, GradientEmbedderOptions options, Device device)
    {
        long seed = SeededProjection.Mix(options.Seed, SeededProjection.NameId(weightName), 4);
        using var generator = new Generator((ulong)seed, device);
        var bucket = randint(0, options.VocabBuckets, [vocab], ScalarType.Int64, device, generator: generator);
        var sign = SeededProjection.Rademacher(vocab, 1, SeededProjection.Mix(seed, 5), device).view(vocab);
        return (bucket, sign);
    }

    private static void AddLinear(Dictionary<string, Tensor> blocks, LinearRecord record, Tensor mask, GradientEmbedderOptions options)
    {
        var a = record.Input.detach().to_type(ScalarType.Float32);
        var delta = record.Output.grad!.to_type(ScalarType.Float32) * mask;
        var projectedInput = a.matmul(InputFactor(record.WeightName, a.shape[^1], options, a.device));
        var projectedDelta = delta.matmul(OutputFactor(record.WeightName, delta.shape[^1], options, a.device));
        var block = projectedDelta.transpose(1, 2).bmm(projectedInput).reshape(a.shape[0], -1) / options.FastRank;
        Accumulate(blocks, record.WeightName, block);
        if (record.BiasName is { } bias) Accumulate(blocks, bias, projectedDelta.sum(1) / Math.Sqrt(options.FastRank));
    }

    private static void AddOutputLayer(Dictionary<string, Tensor> blocks, LinearRecord record, Tensor mask, GradientEmbedderOptions options)
    {
        var a = record.Input.detach().to_type(ScalarType.Float32);
        var delta = record.Output.grad!.to_type(ScalarType.Float32) * mask;
        long batch = a.shape[0], steps = a.shape[1];
        var (bucket, sign) = VocabSketch(record.WeightName, delta.shape[^1], options, a.device);
        var bucketed = zeros([batch, steps, options.VocabBuckets], ScalarType.Float32, a.device)
            .index_add_(2, bucket, delta * sign, 1);
        var projectedInput = a.matmul(InputFactor(record.WeightName, a.shape[^1], options, a.device));
        var block = bucketed.transpose(1, 2).bmm(projectedInput).reshape(batch, -1) / Math.Sqrt(options.FastRank);
        Accumulate(blocks, record.WeightName, block);
        if (record.BiasName is { } bias) Accumulate(blocks, bias, bucketed.sum(1));
    }

    private static void AddEmbedding(Dictionary<string, Tensor> blocks, EmbeddingRecord record, Tensor mask, long vocab,
        GradientEmbedderOptions options)
    {
        var g = record.Output.grad!.to_type(ScalarType.Float32) * mask;
        long batch = g.shape[0], steps = g.shape[1];
        var (bucket, sign) = VocabSketch(record.WeightName, vocab, options, g.device);
        var ids = record.Ids.reshape(-1);
        var signed = g.matmul(InputFactor(record.WeightName, g.shape[^1], options, g.device))
                     * sign.index_select(0, ids).view(batch, steps, 1);
        var rows = bucket.index_select(0, ids).view(batch, steps)
                   + arange(batch, ScalarType.Int64, g.device).view(batch, 1) * options.VocabBuckets;
        var block = zeros([batch * options.VocabBuckets, options.FastRank], ScalarType.Float32, g.device)
            .index_add_(0, rows.reshape(-1), signed.reshape(batch * steps, options.FastRank), 1)
            .view(batch, -1) / Math.Sqrt(options.FastRank);
        Accumulate(blocks, record.WeightName, block);
    }

    private static void AddNorm(Dictionary<string, Tensor> blocks, NormRecord record, Tensor mask, GradientEmbedderOptions options)
    {
        var delta = record.Output.grad!.to_type(ScalarType.Float32) * mask;
        var perExample = (delta * record.Normalized.to_type(ScalarType.Float32)).sum(1);
        long hidden = perExample.shape[1];
        if (hidden > options.VectorSketchSize)
        {
            var p = SeededProjection.Rademacher(hidden, options.VectorSketchSize,
                SeededProjection.Mix(options.Seed, SeededProjection.NameId(record.WeightName), 3), perExample.device);
            perExample = perExample.matmul(p) / Math.Sqrt(options.VectorSketchSize);
        }
        Accumulate(blocks, record.WeightName, perExample);
    }

    private static void Accumulate(Dictionary<string, Tensor> blocks, string name, Tensor block) =>
        blocks[name] = blocks.TryGetValue(name, out var existing) ? existing + block : block;
}
