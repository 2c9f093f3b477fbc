using Lineage.Proxy.Models;
using static TorchSharp.torch;

namespace Lineage.Proxy.Embeddings;

/// <summary>
/// Embeds examples by the gradient of their completion-only loss through a proxy model:
/// unit vectors whose dot products approximate the cosine similarity of the examples'
/// full per-example gradients. <see cref="GradientEmbeddingMode.Exact"/> projects the true
/// gradients (one backward per example); <see cref="GradientEmbeddingMode.Fast"/> sketches
/// them from one batched backward (see <see cref="KroneckerGradientSketch"/>). The two
/// modes approximate the same similarities but are different vectors: do not mix them
/// (nor seeds, nor models) in one index.
/// The embedder uses the model exclusively while a call runs.
/// </summary>
public sealed class GradientEmbedder
{
    private readonly CausalLM _model;

    public GradientEmbedder(CausalLM model, GradientEmbedderOptions? options = null)
    {
        _model = model;
        Options = options ?? new GradientEmbedderOptions();
        if (Options.Dimension <= 0 || Options.BatchSize <= 0 || Options.ProjectionBatch <= 0 || Options.FastRank <= 0 || Options.VocabBuckets <= 0 || Options.VectorSketchSize <= 0)
        {
            throw new ArgumentException("dimension, batch size, fast rank and vector sketch size must be positive", nameof(options));
        }
    }

    public GradientEmbedderOptions Options { get; }

    public CausalLM Model => _model;

    /// <summary>Unit-norm embeddings [N, Dimension], float32 on the model's device; joins the caller's dispose scope.</summary>
    public Tensor EmbedTensor(IReadOnlyList<ProxyExample> examples)
    {
        if (examples.Count == 0) return zeros([0, Options.Dimension], ScalarType.Float32, _model.Device);
        foreach (var e in examples)
        {
            if (e.Ids.Count < 2 || e.PromptLength >= e.Ids.Count)
            {
                throw new ArgumentException($"an example needs at least one completion token after its prompt ({e.Ids.Count} tokens, prompt {e.PromptLength})");
            }
        }
        return Options.Mode == GradientEmbeddingMode.Exact
            ? ExactGradientSketch.Embed(_model, examples, Options)
            : KroneckerGradientSketch.Embed(_model, examples, Options);
    }

    /// <summary>Unit-norm embeddings as arrays, one per example, in input order.</summary>
    public float[][] Embed(IReadOnlyList<ProxyExample> examples)
    {
        using var scope = NewDisposeScope();
        var embeddings = EmbedTensor(examples).cpu();
        var flat = embeddings.data<float>().ToArray();
        int d = Options.Dimension;
        return Enumerable.Range(0, examples.Count).Select(i => flat.AsSpan(i * d, d).ToArray()).ToArray();
    }
}
