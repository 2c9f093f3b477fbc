using Lineage.Proxy.Embeddings;
using Lineage.Proxy.Models;
using Lineage.Proxy.Tests.Embeddings.Reference;
using static TorchSharp.torch;

namespace Lineage.Proxy.Tests.Embeddings;

/// <summary>
/// Recorded versions are audited by recomputing their vectors bit for bit, so speeding fast mode
/// up (cached seeded matrices, in-place masks) must not move a single bit: every vector is
/// compared, as raw float bits, with the pre-caching computation kept in
/// <see cref="FastSketchBeforeCaching"/>.
/// </summary>
[Trait("Category", "Unit")]
public class when_fast_mode_reuses_its_seeded_matrices
{
    [Theory]
    [MemberData(nameof(Fixtures.BothModels), MemberType = typeof(Fixtures))]
    public void padded_batches_give_the_same_bits_as_before_on_a_cold_and_a_warm_cache(string name)
    {
        using var scope = NewDisposeScope();
        using var model = CausalLM.Load(Fixtures.Model(name));
        // Lengths 16–40 in batches of 4: every forward batch is padded; 10 examples make a short last
        // batch and, with projection batches of 6, two projection groups. Default rank, buckets and d.
        var examples = SyntheticExamples.TopicMixtures(10, seed: 21);
        Assert.True(examples.Select(e => e.Ids.Count).Distinct().Count() > 3);
        var options = new GradientEmbedderOptions { Seed = 7_301, BatchSize = 4, ProjectionBatch = 6 };

        var reference = FastSketchBeforeCaching.Embed(model, examples, options);
        var cold = new GradientEmbedder(model, options).EmbedTensor(examples);
        var warm = new GradientEmbedder(model, options).EmbedTensor(examples);

        AssertSameBits(reference, cold);
        AssertSameBits(reference, warm);
    }

    [Fact]
    public void batches_without_padding_skip_the_mask_and_give_the_same_bits_as_before()
    {
        using var scope = NewDisposeScope();
        using var model = CausalLM.Load(Fixtures.TinyQwen2);
        var random = new Random(5);
        var examples = Enumerable.Range(0, 6)
            .Select(_ => new ProxyExample(Enumerable.Range(0, 24).Select(_ => (long)random.Next(1024)).ToArray(), 6))
            .ToArray();
        var options = new GradientEmbedderOptions { Seed = 7_302, BatchSize = 3, Dimension = 512 };

        AssertSameBits(FastSketchBeforeCaching.Embed(model, examples, options),
            new GradientEmbedder(model, options).EmbedTensor(examples));
    }

    [Fact]
    public void a_sketch_is_the_same_bits_as_before()
    {
        using var scope = NewDisposeScope();
        using var model = CausalLM.Load(Fixtures.TinyLlama);
        var examples = SyntheticExamples.TopicMixtures(5, seed: 3);
        var options = new GradientEmbedderOptions { FastRank = 8, VectorSketchSize = 32, VocabBuckets = 64, Seed = 7_303 };

        AssertSameBits(FastSketchBeforeCaching.Sketch(model, examples, options),
            KroneckerGradientSketch.Sketch(model, examples, options));
    }

    [Fact]
    public void the_cached_projection_is_the_same_bits_as_the_regenerated_one()
    {
        using var scope = NewDisposeScope();
        using var generator = new Generator(11, CPU);
        // Three blocks, the last one short (9000 = 2·4096 + 808).
        var x = randn([3, 9000], generator: generator);
        var cache = new SeededMatrixCache(64L << 20);

        var fresh = SeededProjection.Project(x, 96, seed: 5);
        AssertSameBits(fresh, SeededProjection.Project(x, 96, 5, cache));
        AssertSameBits(fresh, SeededProjection.Project(x, 96, 5, cache));
        AssertSameBits(FastSketchBeforeCaching.Project(x, 96, 5), fresh);
        Assert.Equal(9000L * 96, cache.Bytes);   // kept as bytes, one per entry
    }

    private static void AssertSameBits(Tensor expected, Tensor actual)
    {
        Assert.Equal(expected.shape, actual.shape);
        var e = expected.cpu().contiguous().data<float>().ToArray();
        var a = actual.cpu().contiguous().data<float>().ToArray();
        int differing = Enumerable.Range(0, e.Length).Count(i => BitConverter.SingleToInt32Bits(e[i]) != BitConverter.SingleToInt32Bits(a[i]));
        Assert.True(differing == 0, $"{differing} of {e.Length} values differ in their bits");
        Assert.Contains(e, v => v != 0);
    }
}
