using Lineage.Proxy.Embeddings;
using Lineage.Proxy.Models;
using static TorchSharp.torch;

namespace Lineage.Proxy.Tests.Embeddings;

/// <summary>
/// The fast sketch of a padded batch must equal the same seeded projection applied to each
/// example's true, separately computed gradient: this pins down activation capture,
/// per-example independence, padding masks, bias, norm, embedding and tied-head handling.
/// </summary>
[Trait("Category", "Unit")]
public class when_a_padded_batch_is_sketched_in_fast_mode
{
    [Theory]
    [MemberData(nameof(Fixtures.BothModels), MemberType = typeof(Fixtures))]
    public void each_block_equals_the_projection_of_that_examples_own_gradient(string name)
    {
        using var scope = NewDisposeScope();
        using var model = CausalLM.Load(Fixtures.Model(name));
        var examples = SyntheticExamples.TopicMixtures(5, seed: 3);
        var options = new GradientEmbedderOptions { FastRank = 8, VectorSketchSize = 64, VocabBuckets = 64, Seed = 9 };
        var sketch = KroneckerGradientSketch.Sketch(model, examples, options);
        var full = ExactGradientSketch.FullGradients(model, examples);

        var expected = new List<Tensor>();
        long offset = 0;
        foreach (var (paramName, parameter) in model.NamedParameters())
        {
            long n = parameter.numel();
            var g = full.narrow(1, offset, n);
            offset += n;
            bool vocabIndexed = paramName is "model.embed_tokens.weight" or "lm_head.weight";
            if (vocabIndexed)
            {
                // CountSketch C [buckets, V] on the vocabulary side, ±1 projection on the hidden side.
                var (bucket, sign) = KroneckerGradientSketch.VocabSketch(paramName, parameter.shape[0], options, CPU);
                var countSketch = zeros(options.VocabBuckets, parameter.shape[0])
                    .index_put_(sign, bucket, arange(parameter.shape[0]));
                var pIn = KroneckerGradientSketch.InputFactor(paramName, parameter.shape[1], options, CPU);
                var matrices = g.view(examples.Length, parameter.shape[0], parameter.shape[1]);
                expected.Add(countSketch.matmul(matrices).matmul(pIn).reshape(examples.Length, -1) / Math.Sqrt(options.FastRank));
            }
            else if (parameter.dim() == 2)
            {
                var (pIn, pOut) = KroneckerGradientSketch.Factors(paramName, parameter.shape[1], parameter.shape[0], options, CPU);
                var matrices = g.view(examples.Length, parameter.shape[0], parameter.shape[1]);
                expected.Add(pOut.t().matmul(matrices).matmul(pIn).reshape(examples.Length, -1) / options.FastRank);
            }
            else if (paramName.EndsWith(".bias"))
            {
                string weight = paramName[..^".bias".Length] + ".weight";
                var weightShape = model.NamedParameters().Single(p => p.Name == weight).Parameter.shape;
                var (_, pOut) = KroneckerGradientSketch.Factors(weight, weightShape[1], weightShape[0], options, CPU);
                expected.Add(g.matmul(pOut) / Math.Sqrt(options.FastRank));
            }
            else
            {
                expected.Add(g);  // norm weights of 64 values are kept exactly
            }
        }
        var reference = cat(expected, 1);
        Assert.Equal(reference.shape, sketch.shape);
        for (int i = 0; i < examples.Length; i++)
        {
            double error = Lineage.Proxy.Models.ProxyCheck.RelativeError(sketch[i], reference[i]);
            Assert.True(error < 1e-4, $"example {i}: relative error {error}");
        }
    }
}
