using Lineage.Proxy.Embeddings;
using Lineage.Proxy.Models;
using static TorchSharp.torch;

namespace Lineage.Proxy.Tests.Embeddings;

[Trait("Category", "Unit")]
public class when_the_default_proxy_is_trained
{
    private static readonly string[] Corpus = Enumerable.Range(0, 40)
        .Select(i => $"Q: What is {i} plus {i % 7}? A: {i + i % 7}. The cat sat on the mat number {i}.").ToArray();

    private sealed class Steps : IProgress<DefaultProxyProgress>
    {
        public List<DefaultProxyProgress> Reports { get; } = [];

        public void Report(DefaultProxyProgress value) => Reports.Add(value);
    }

    [Fact]
    public void the_same_seed_gives_the_same_weights_hash_and_another_seed_does_not()
    {
        using var a = new TempFolder();
        using var b = new TempFolder();
        using var c = new TempFolder();
        var first = DefaultProxy.Train(Corpus, seed: 3, steps: 4, a.Path);
        var second = DefaultProxy.Train(Corpus, seed: 3, steps: 4, b.Path);
        var other = DefaultProxy.Train(Corpus, seed: 4, steps: 4, c.Path);
        Assert.Matches("^[0-9a-f]{64}$", first.WeightsSha256);
        Assert.Equal(first.WeightsSha256, second.WeightsSha256);
        Assert.Equal(File.ReadAllBytes(a.File("model.safetensors")), File.ReadAllBytes(b.File("model.safetensors")));
        Assert.NotEqual(first.WeightsSha256, other.WeightsSha256);
    }

    [Fact]
    public async Task it_learns_the_texts_and_saves_a_folder_the_loader_reads()
    {
        using var folder = new TempFolder();
        var progress = new Steps();
        var result = await DefaultProxy.TrainAsync(Corpus, seed: 1, steps: 120, folder.Path, progress);

        // Untrained, the loss is about ln(259) = 5.56 nats per byte; these texts are very regular.
        Assert.InRange(result.FirstLoss, 5.0, 6.2);
        Assert.True(result.FinalLoss < 2.0, $"final loss {result.FinalLoss}");
        Assert.Equal(120, progress.Reports.Count);
        Assert.Equal(120, progress.Reports[^1].Step);

        using var model = CausalLM.Load(folder.Path);
        Assert.Equal(ModelFamily.Qwen2, model.Config.Family);
        Assert.True(model.Config.TieWordEmbeddings);
        Assert.Equal(result.Parameters, model.parameters().Sum(p => p.numel()));
        Assert.InRange(result.Parameters, 500_000, 1_500_000);

        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var examples = Corpus.Take(8).Select(t => ByteTokenizer.Example("", t, DefaultProxy.SequenceLength)).ToArray();
        var batch = TokenBatch.Create(examples, CPU, PaddingSide.Right, ByteTokenizer.Pad);
        double reloaded = CompletionLoss.PerExample(model.Forward(batch.Ids, batch.AttentionMask), batch.Labels).mean().item<float>();
        Assert.InRange(reloaded, 0, 2.0);
    }

    [Fact]
    public void cancellation_stops_training()
    {
        using var folder = new TempFolder();
        using var cancel = new CancellationTokenSource();
        cancel.Cancel();
        Assert.Throws<OperationCanceledException>(() => DefaultProxy.Train(Corpus, 1, 10, folder.Path, null, cancel.Token));
        Assert.False(File.Exists(folder.File("model.safetensors")));
    }
}
