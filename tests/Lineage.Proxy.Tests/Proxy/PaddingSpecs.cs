using Lineage.Proxy.Models;
using static TorchSharp.torch;

namespace Lineage.Proxy.Tests.Proxy;

[Trait("Category", "Unit")]
public class when_sequences_of_different_lengths_share_a_batch
{
    private static readonly ProxyExample Short = new([843, 667, 390, 253, 241, 642, 259], 3);
    private static readonly ProxyExample Long = new([948, 901, 653, 473, 418, 459, 630, 74, 384, 373, 104, 204], 9);

    private static (float[] Loss, Dictionary<string, Tensor> Grads) Alone(CausalLM model, ProxyExample example)
    {
        model.zero_grad();
        var batch = TokenBatch.Create([example], CPU);
        var loss = CompletionLoss.PerExample(model.Forward(batch.Ids), batch.Labels);
        loss.sum().backward();
        return (loss.data<float>().ToArray(), model.NamedParameters().ToDictionary(p => p.Name, p => p.Parameter.grad!.clone()));
    }

    [Theory]
    [InlineData("tiny-qwen2", PaddingSide.Left)]
    [InlineData("tiny-qwen2", PaddingSide.Right)]
    [InlineData("tiny-llama", PaddingSide.Left)]
    [InlineData("tiny-llama", PaddingSide.Right)]
    public void padding_does_not_change_losses_logits_or_gradients(string name, PaddingSide side)
    {
        using var scope = NewDisposeScope();
        using var model = CausalLM.Load(Fixtures.Model(name));
        var shortAlone = Alone(model, Short);
        var longAlone = Alone(model, Long);
        var shortLogits = model.Forward(TokenBatch.Create([Short], CPU).Ids);

        model.zero_grad();
        // A pad id that is a real token: if padding leaked, it would change the numbers.
        var batch = TokenBatch.Create([Short, Long], CPU, side, padId: 5);
        var logits = model.Forward(batch.Ids, batch.AttentionMask);
        var losses = CompletionLoss.PerExample(logits, batch.Labels);
        Assert.Equal(shortAlone.Loss[0], losses[0].item<float>(), 1e-5f);
        Assert.Equal(longAlone.Loss[0], losses[1].item<float>(), 1e-5f);

        long offset = side == PaddingSide.Left ? Long.Ids.Count - Short.Ids.Count : 0;
        var paddedShort = logits[0].narrow(0, offset, Short.Ids.Count);
        Assert.True(ProxyCheck.RelativeError(paddedShort, shortLogits[0]) < 1e-5);

        // The gradient of the summed losses is the sum of each example's gradient alone.
        losses.sum().backward();
        foreach (var (paramName, parameter) in model.NamedParameters())
        {
            var expected = shortAlone.Grads[paramName] + longAlone.Grads[paramName];
            double error = ProxyCheck.RelativeError(parameter.grad!, expected);
            Assert.True(error < 1e-4, $"{paramName}: {error}");
        }
    }
}
