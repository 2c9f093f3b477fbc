using Lineage.Proxy.Embeddings;
using Lineage.Proxy.Models;
using static TorchSharp.torch;

namespace Lineage.Proxy.Tests.Embeddings;

[Trait("Category", "Unit")]
public class when_embedding_with_a_seed
{
    private static readonly ProxyExample[] Examples = TextExamples.Mixed(12, seed: 4);

    [Theory]
    [InlineData(GradientEmbeddingMode.Exact)]
    [InlineData(GradientEmbeddingMode.Fast)]
    public void the_same_seed_and_input_give_identical_bits_and_another_seed_does_not(GradientEmbeddingMode mode)
    {
        using var model = CausalLM.Load(Fixtures.TinyQwen2);
        var options = new GradientEmbedderOptions { Mode = mode, Seed = 42, Dimension = 256, BatchSize = 5, ProjectionBatch = 7 };
        var first = new GradientEmbedder(model, options).Embed(Examples);
        var second = new GradientEmbedder(model, options).Embed(Examples);
        var other = new GradientEmbedder(model, options with { Seed = 43 }).Embed(Examples);
        Assert.Equal(Examples.Length, first.Length);
        for (int i = 0; i < Examples.Length; i++)
        {
            Assert.Equal(256, first[i].Length);
            Assert.Equal(first[i], second[i]);
            Assert.NotEqual(first[i], other[i]);
            Assert.Equal(1.0, Math.Sqrt(first[i].Sum(v => (double)v * v)), 5);
        }
    }

    [Fact]
    public void batching_does_not_change_an_examples_embedding_beyond_float_rounding()
    {
        using var scope = NewDisposeScope();
        using var model = CausalLM.Load(Fixtures.TinyLlama);
        var options = new GradientEmbedderOptions { Mode = GradientEmbeddingMode.Fast, Seed = 1, Dimension = 128 };
        var together = new GradientEmbedder(model, options with { BatchSize = 12 }).EmbedTensor(Examples);
        var apart = new GradientEmbedder(model, options with { BatchSize = 1, ProjectionBatch = 1 }).EmbedTensor(Examples);
        // Padding to the longest example in the batch must not leak into any example's sketch.
        Assert.True(ProxyCheck.RelativeError(together, apart) < 1e-4);
    }

    [Fact]
    public void an_example_without_completion_tokens_is_refused()
    {
        using var model = CausalLM.Load(Fixtures.TinyQwen2);
        var embedder = new GradientEmbedder(model);
        Assert.Throws<ArgumentException>(() => embedder.Embed([new ProxyExample([1, 2, 3], 3)]));
    }
}
