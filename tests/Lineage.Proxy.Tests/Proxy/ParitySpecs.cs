using Lineage.Proxy.Models;
using Lineage.Proxy.Safetensors;
using static TorchSharp.torch;

namespace Lineage.Proxy.Tests.Proxy;

/// <summary>
/// The reimplementation against what transformers computed for the same weights
/// (fixtures/hf-golden): logits, completion-only loss and every parameter's gradient.
/// </summary>
[Trait("Category", "Unit")]
public class when_a_reference_checkpoint_runs_the_reference_cases
{
    private static double RelativeError(Tensor actual, Tensor expected) =>
        (actual.to_type(ScalarType.Float64) - expected.to_type(ScalarType.Float64)).norm().item<double>()
        / Math.Max(expected.to_type(ScalarType.Float64).norm().item<double>(), 1e-30);

    [Theory]
    [MemberData(nameof(Fixtures.BothModels), MemberType = typeof(Fixtures))]
    public void logits_loss_and_every_gradient_match_transformers(string name)
    {
        string folder = Fixtures.Model(name);
        using var model = CausalLM.Load(folder);
        using var expected = SafetensorsFile.Open(Path.Combine(folder, "expected.safetensors"));
        var cases = ReferenceCases.Load(folder);
        Assert.Equal(3, cases.Cases.Count);
        for (int i = 0; i < cases.Cases.Count; i++)
        {
            using var scope = NewDisposeScope();
            var c = cases.Cases[i];
            model.zero_grad();
            var batch = TokenBatch.Create([new ProxyExample(c.InputIds, c.PromptLength)], CPU);
            var logits = model.Forward(batch.Ids);
            var loss = CompletionLoss.PerExample(logits, batch.Labels);

            Assert.InRange(RelativeError(logits[0], expected.ReadTensor($"case{i}.logits")), 0, 1e-4);
            Assert.InRange(Math.Abs(loss.item<float>() - c.Loss) / Math.Abs(c.Loss), 0, 1e-4);

            loss.sum().backward();
            int compared = 0;
            foreach (var (paramName, parameter) in model.NamedParameters())
            {
                var reference = expected.ReadTensor($"case{i}.grad.{paramName}");
                double error = RelativeError(parameter.grad!, reference);
                Assert.True(error < 1e-3, $"case {i} {paramName}: gradient relative error {error}");
                compared++;
            }
            Assert.Equal(expected.Names.Count(n => n.StartsWith($"case{i}.grad.")), compared);
        }
    }
}
