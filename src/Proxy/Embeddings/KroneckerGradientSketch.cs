using Lineage.Proxy.Models;
using static TorchSharp.torch;

namespace Lineage.Proxy.Embeddings;

/// <summary>
/// LoGra-style per-example gradient sketches from one batched forward and backward pass.
/// The gradient of a linear weight W [out, in] for example i is Σ_t δ_t a_tᵀ (output gradient
/// times input activation at each real position t), so its Kronecker sketch
/// P_outᵀ (Σ_t δ_t a_tᵀ) P_in = Σ_t (P_outᵀ δ_t)(a_tᵀ P_in) needs only the small projected
/// factors, never the per-example [out, in] gradient. Losses of different examples are
/// independent, so one backward of their sum gives each example's own δ. Parameters are
/// frozen during the pass: only activation gradients are computed.
/// Other parameters:
/// <list type="bullet">
/// <item>biases: Σ_t P_outᵀ δ_t, with the same P_out as their weight;</item>
/// <item>RMSNorm weights: Σ_t δ_t ⊙ x̂_t (x̂ the normalised input) is only hidden-sized per
/// example, kept exactly or projected by a seeded dense ±1 matrix when longer than
/// <see cref="GradientEmbedderOptions.VectorSketchSize"/>;</item>
/// <item>vocabulary-indexed matrices (the embeddings and the output layer): their gradients
/// are nearly row-sparse (one row per token seen or predicted). A small dense P_out would
/// mix every pair of distinct tokens with weight ~1/√r and bury the signal of shared
/// tokens, so their vocabulary side uses a CountSketch instead: each token id goes to one of
/// <see cref="GradientEmbedderOptions.VocabBuckets"/> buckets with a random sign, and distinct
/// tokens interact only when they collide. For the embeddings this is a gather of the ids'
/// buckets and signs. A tied output layer uses the same sketch and adds into the same block,
/// as the two terms add in the true gradient.</item>
/// </list>
/// Padded positions are masked out of δ. Blocks are scaled so their inner products are
/// unbiased estimates of the true ones; the concatenation is projected to the output
/// dimension with a seeded ±1 matrix and unit-normed.
/// </summary>
public static class KroneckerGradientSketch
{
    private const long FinalProjectionId = 0x46_41_53_54; // "FAST"

    public static Tensor Embed(CausalLM model, IReadOnlyList<ProxyExample> examples, GradientEmbedderOptions options)
    {
        using var scope = NewDisposeScope();
        var parts = new List<Tensor>();
        for (int start = 0; start < examples.Count; start += options.ProjectionBatch)
        {
            using var projectionScope = NewDisposeScope();
            var group = examples.Skip(start).Take(options.ProjectionBatch).ToArray();
            // Sketch in forward batches, then share one pass over the final projection.
            var sketches = new List<Tensor>();
            for (int first = 0; first < group.Length; first += options.BatchSize)
            {
                sketches.Add(Sketch(model, group.Skip(first).Take(options.BatchSize).ToArray(), options));
            }
            var projected = SeededProjection.Project(cat(sketches, 0), options.Dimension,
                SeededProjection.Mix(options.Seed, FinalProjectionId), SeededMatrixCache.Shared) / Math.Sqrt(options.Dimension);
            parts.Add(ExactGradientSketch.UnitNorm(projected).MoveToOuterDisposeScope());
        }
        return cat(parts, 0).MoveToOuterDisposeScope();
    }

    /// <summary>The concatenated sketch [B, D_fast] of one batch before the final projection, blocks in named-parameter order.</summary>
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

            // Without padding the mask is all ones and multiplying by it changes no bit: skip the passes.
            int width = examples.Max(e => e.Ids.Count);
            Tensor? mask = examples.All(e => e.Ids.Count == width)
                ? null
                : batch.AttentionMask.to_type(ScalarType.Float32).unsqueeze(-1);
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

        var ordered = new List<Tensor>();
        foreach (var (name, _) in named)
        {
            ordered.Add(blocks.TryGetValue(name, out var block)
                ? block
                : throw new InvalidOperationException($"fast gradient sketch has no block for parameter '{name}'"));
        }
        return cat(ordered, 1).MoveToOuterDisposeScope();
    }

    /// <summary>The seeded ±1 factors P_in [in, r] and P_out [out, r] of one weight's Kronecker sketch.</summary>
    public static (Tensor In, Tensor Out) Factors(string weightName, long inFeatures, long outFeatures,
        GradientEmbedderOptions options, Device device) =>
        (InputFactor(weightName, inFeatures, options, device),
         SeededProjection.Rademacher(outFeatures, options.FastRank,
             SeededProjection.Mix(options.Seed, SeededProjection.NameId(weightName), 2), device));

    public static Tensor InputFactor(string weightName, long inFeatures, GradientEmbedderOptions options, Device device) =>
        SeededProjection.Rademacher(inFeatures, options.FastRank,
            SeededProjection.Mix(options.Seed, SeededProjection.NameId(weightName), 1), device);

    /// <summary>The CountSketch of a vocabulary side: bucket [V] (int64) and sign [V] (±1, float32) per token id.</summary>
    public static (Tensor Bucket, Tensor Sign) VocabSketch(string weightName, long vocab, GradientEmbedderOptions options, Device device)
    {
        using var scope = NewDisposeScope();
        long seed = SeededProjection.Mix(options.Seed, SeededProjection.NameId(weightName), 4);
        using var generator = new Generator((ulong)seed, device);
        var bucket = randint(0, options.VocabBuckets, [vocab], ScalarType.Int64, device, generator: generator);
        var sign = SeededProjection.Rademacher(vocab, 1, SeededProjection.Mix(seed, 5), device).view(vocab);
        return (bucket.MoveToOuterDisposeScope(), sign.MoveToOuterDisposeScope());
    }

    private static void AddLinear(Dictionary<string, Tensor> blocks, LinearRecord record, Tensor? mask, GradientEmbedderOptions options)
    {
        var a = record.Input.detach().to_type(ScalarType.Float32);
        var delta = Masked(record.Output.grad!, mask);
        var projectedInput = a.matmul(CachedInputFactor(record.WeightName, a.shape[^1], options, a.device));      // [B, T, r]
        var projectedDelta = delta.matmul(CachedOutputFactor(record.WeightName, delta.shape[^1], options, a.device)); // [B, T, r]
        var block = projectedDelta.transpose(1, 2).bmm(projectedInput).reshape(a.shape[0], -1) / options.FastRank;
        Accumulate(blocks, record.WeightName, block);
        if (record.BiasName is { } bias)
        {
            Accumulate(blocks, bias, projectedDelta.sum(1) / Math.Sqrt(options.FastRank));
        }
    }

    // The output layer: δ over the vocabulary is bucketed (CountSketch), the hidden side projected.
    private static void AddOutputLayer(Dictionary<string, Tensor> blocks, LinearRecord record, Tensor? mask, GradientEmbedderOptions options)
    {
        var a = record.Input.detach().to_type(ScalarType.Float32);
        var delta = Masked(record.Output.grad!, mask);   // [B, T, V]
        long batch = a.shape[0], steps = a.shape[1];
        var (bucket, sign) = CachedVocabSketch(record.WeightName, delta.shape[^1], options, a.device);
        // Signed in place too: the logits' gradient is read by this record alone.
        var bucketed = zeros([batch, steps, options.VocabBuckets], ScalarType.Float32, a.device)
            .index_add_(2, bucket, delta.mul_(sign), 1);
        var projectedInput = a.matmul(CachedInputFactor(record.WeightName, a.shape[^1], options, a.device));
        var block = bucketed.transpose(1, 2).bmm(projectedInput).reshape(batch, -1) / Math.Sqrt(options.FastRank);
        Accumulate(blocks, record.WeightName, block);
        if (record.BiasName is { } bias) Accumulate(blocks, bias, bucketed.sum(1));
    }

    private static void AddEmbedding(Dictionary<string, Tensor> blocks, EmbeddingRecord record, Tensor? mask, long vocab,
        GradientEmbedderOptions options)
    {
        var g = Masked(record.Output.grad!, mask);      // [B, T, H]
        long batch = g.shape[0], steps = g.shape[1];
        var (bucket, sign) = CachedVocabSketch(record.WeightName, vocab, options, g.device);
        var ids = record.Ids.reshape(-1);
        var signed = g.matmul(CachedInputFactor(record.WeightName, g.shape[^1], options, g.device))
                     * sign.index_select(0, ids).view(batch, steps, 1);                     // [B, T, r]
        // Row (b, bucket of token) of a [B·buckets, r] table collects example b's tokens.
        var rows = bucket.index_select(0, ids).view(batch, steps)
                   + arange(batch, ScalarType.Int64, g.device).view(batch, 1) * options.VocabBuckets;
        var block = zeros([batch * options.VocabBuckets, options.FastRank], ScalarType.Float32, g.device)
            .index_add_(0, rows.reshape(-1), signed.reshape(batch * steps, options.FastRank), 1)
            .view(batch, -1) / Math.Sqrt(options.FastRank);
        Accumulate(blocks, record.WeightName, block);
    }

    private static void AddNorm(Dictionary<string, Tensor> blocks, NormRecord record, Tensor? mask, GradientEmbedderOptions options)
    {
        var delta = Masked(record.Output.grad!, mask);
        var perExample = (delta * record.Normalized.to_type(ScalarType.Float32)).sum(1);   // [B, H]
        long hidden = perExample.shape[1];
        if (hidden > options.VectorSketchSize)
        {
            var p = SeededMatrixCache.Shared.Rademacher(hidden, options.VectorSketchSize,
                SeededProjection.Mix(options.Seed, SeededProjection.NameId(record.WeightName), 3), perExample.device);
            perExample = perExample.matmul(p) / Math.Sqrt(options.VectorSketchSize);
        }
        Accumulate(blocks, record.WeightName, perExample);
    }

    // δ in float32 with padded positions zeroed, in place: after the backward pass nothing else reads
    // the retained gradient, and x·1 = x, x·0 = ±0 are the same bits as the out-of-place product.
    // Masking is idempotent, so a gradient two records shared would still come out right.
    private static Tensor Masked(Tensor grad, Tensor? mask)
    {
        var delta = grad.to_type(ScalarType.Float32);
        return mask is null ? delta : delta.mul_(mask);
    }

    // The same matrices as InputFactor, Factors and VocabSketch, from the shared cache.
    private static Tensor CachedInputFactor(string weightName, long inFeatures, GradientEmbedderOptions options, Device device) =>
        SeededMatrixCache.Shared.Rademacher(inFeatures, options.FastRank,
            SeededProjection.Mix(options.Seed, SeededProjection.NameId(weightName), 1), device);

    private static Tensor CachedOutputFactor(string weightName, long outFeatures, GradientEmbedderOptions options, Device device) =>
        SeededMatrixCache.Shared.Rademacher(outFeatures, options.FastRank,
            SeededProjection.Mix(options.Seed, SeededProjection.NameId(weightName), 2), device);

    private static (Tensor Bucket, Tensor Sign) CachedVocabSketch(string weightName, long vocab, GradientEmbedderOptions options, Device device)
    {
        long seed = SeededProjection.Mix(options.Seed, SeededProjection.NameId(weightName), 4);
        var bucket = SeededMatrixCache.Shared.GetOrCreate(
            SeededMatrixCache.Key.Of("countsketch-buckets", seed, vocab, options.VocabBuckets, ScalarType.Int64, device),
            () => VocabSketch(weightName, vocab, options, device).Bucket);
        var sign = SeededMatrixCache.Shared.Rademacher(vocab, 1, SeededProjection.Mix(seed, 5), device).view(vocab);
        return (bucket, sign);
    }

    private static void Accumulate(Dictionary<string, Tensor> blocks, string name, Tensor block) =>
        blocks[name] = blocks.TryGetValue(name, out var existing) ? existing + block : block;
}
