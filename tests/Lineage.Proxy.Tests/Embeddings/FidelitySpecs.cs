using Lineage.Proxy.Embeddings;
using Lineage.Proxy.Models;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace Lineage.Proxy.Tests.Embeddings;

/// <summary>
/// Projected gradient embeddings must preserve what full per-example gradients say about
/// similarity and diversity. The reference is the unprojected gradient of every example
/// through the fixture model, computed one backward pass at a time.
/// </summary>
[Trait("Category", "Unit")]
public class when_gradients_are_projected(ITestOutputHelper output)
{
    [Theory]
    [MemberData(nameof(Fixtures.BothModels), MemberType = typeof(Fixtures))]
    public void pairwise_similarities_keep_their_order_in_exact_and_fast_mode(string name)
    {
        using var scope = NewDisposeScope();
        using var model = CausalLM.Load(Fixtures.Model(name));
        var examples = TextExamples.Mixed(200, seed: 11);
        Assert.True(examples.Length >= 200);

        var full = SimilarityMath.PairwiseCosines(ExactGradientSketch.FullGradients(model, examples));
        foreach (var mode in new[] { GradientEmbeddingMode.Exact, GradientEmbeddingMode.Fast })
        {
            var embedder = new GradientEmbedder(model, new GradientEmbedderOptions { Mode = mode, Seed = 5 });
            var embedded = embedder.EmbedTensor(examples);
            Assert.Equal(new long[] { examples.Length, 1024 }, embedded.shape);
            var rho = SimilarityMath.Spearman(full, SimilarityMath.PairwiseCosines(embedded));
            output.WriteLine($"{name} {mode}: Spearman {rho:F4} over {full.Length} pairs");
            Assert.True(rho >= 0.9, $"{name} {mode}: Spearman {rho}");
        }
    }

    [Theory]
    [MemberData(nameof(Fixtures.BothModels), MemberType = typeof(Fixtures))]
    public void pools_of_different_diversity_rank_the_same_under_g_vendi(string name)
    {
        using var scope = NewDisposeScope();
        using var model = CausalLM.Load(Fixtures.Model(name));
        int[] templateCounts = [1, 2, 4, 8, 16];
        var pools = templateCounts.Select((k, i) => SyntheticExamples.Pool(k, 32, seed: 100 + i)).ToArray();
        var exact = new GradientEmbedder(model, new GradientEmbedderOptions { Mode = GradientEmbeddingMode.Exact, Seed = 1 });
        var fast = new GradientEmbedder(model, new GradientEmbedderOptions { Mode = GradientEmbeddingMode.Fast, Seed = 1 });

        double[] Scores(Func<ProxyExample[], Tensor> embed) => pools.Select(p => SimilarityMath.GVendi(embed(p))).ToArray();
        var fullScores = Scores(p => ExactGradientSketch.FullGradients(model, p));
        var exactScores = Scores(p => exact.EmbedTensor(p));
        var fastScores = Scores(p => fast.EmbedTensor(p));
        output.WriteLine($"{name} full  {string.Join(" ", fullScores.Select(s => s.ToString("F2")))}");
        output.WriteLine($"{name} exact {string.Join(" ", exactScores.Select(s => s.ToString("F2")))}");
        output.WriteLine($"{name} fast  {string.Join(" ", fastScores.Select(s => s.ToString("F2")))}");

        int[] Order(double[] s) => Enumerable.Range(0, s.Length).OrderBy(i => s[i]).ToArray();
        // The pools were built to grow in diversity; the full gradients must see that, and the projections must agree.
        Assert.Equal([0, 1, 2, 3, 4], Order(fullScores));
        Assert.Equal(Order(fullScores), Order(exactScores));
        Assert.Equal(Order(fullScores), Order(fastScores));
    }
}
