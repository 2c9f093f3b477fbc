using Lineage.Proxy.Models;
using static TorchSharp.torch;

namespace Lineage.Proxy.Embeddings;

/// <summary>
/// Exact per-example gradients: one forward and backward pass per example (no padding),
/// every parameter's gradient flattened in named-parameter order into one row.
/// </summary>
public static class ExactGradientSketch
{
    /// <summary>Per-example full gradients [N, parameters] in float32 on the model's device.</summary>
    public static Tensor FullGradients(CausalLM model, IReadOnlyList<ProxyExample> examples)
    {
        using var scope = NewDisposeScope();
        var parameters = model.NamedParameters().Select(p => p.Parameter).ToArray();
        long total = parameters.Sum(p => p.numel());
        var rows = empty([examples.Count, total], ScalarType.Float32, model.Device);
        for (int i = 0; i < examples.Count; i++)
        {
            using var exampleScope = NewDisposeScope();
            model.zero_grad();
            var batch = TokenBatch.Create([examples[i]], model.Device);
            var loss = CompletionLoss.PerExample(model.Forward(batch.Ids), batch.Labels);
            loss.sum().backward();
            long offset = 0;
            using var noGrad = no_grad();
            foreach (var p in parameters)
            {
                long n = p.numel();
                var target = rows[i].narrow(0, offset, n);
                if (p.grad is { } g) target.copy_(g.reshape(-1));
                else target.zero_();
                offset += n;
            }
        }
        model.zero_grad();
        return rows.MoveToOuterDisposeScope();
    }

    /// <summary>
    /// Unit-norm embeddings [N, d]: full gradients times a seeded ±1 matrix scaled by 1/√d,
    /// the matrix regenerated in blocks per batch of examples (see <see cref="SeededProjection"/>).
    /// </summary>
    public static Tensor Embed(CausalLM model, IReadOnlyList<ProxyExample> examples, GradientEmbedderOptions options)
    {
        using var scope = NewDisposeScope();
        var parts = new List<Tensor>();
        for (int start = 0; start < examples.Count; start += options.ProjectionBatch)
        {
            using var batchScope = NewDisposeScope();
            var chunk = examples.Skip(start).Take(options.ProjectionBatch).ToArray();
            var gradients = FullGradients(model, chunk);
            var projected = SeededProjection.Project(gradients, options.Dimension, options.Seed) / Math.Sqrt(options.Dimension);
            parts.Add(UnitNorm(projected).MoveToOuterDisposeScope());
        }
        return cat(parts, 0).MoveToOuterDisposeScope();
    }

    internal static Tensor UnitNorm(Tensor x) => x / x.norm(1, keepdim: true).clamp_min(1e-30);
}
