using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace Lineage.Proxy.Models;

/// <summary>
/// Completion-only cross-entropy, as transformers computes it for labels with −100 on the
/// prompt: logits in float32, mean over each example's completion targets.
/// </summary>
public static class CompletionLoss
{
    /// <summary>
    /// Per-example mean loss [B] for logits [B, T, V] and shifted labels [B, T] (see
    /// <see cref="TokenBatch"/>). An example without targets gets 0 (and no gradient).
    /// Examples stay independent, so the gradient of the sum is each example's own gradient
    /// in its own activations.
    /// </summary>
    public static Tensor PerExample(Tensor logits, Tensor labels)
    {
        using var scope = NewDisposeScope();
        long batch = logits.shape[0], steps = logits.shape[1], vocab = logits.shape[2];
        var tokenLoss = F.cross_entropy(
            logits.to_type(ScalarType.Float32).reshape(batch * steps, vocab),
            labels.reshape(batch * steps),
            ignore_index: TokenBatch.IgnoreIndex,
            reduction: nn.Reduction.None).view(batch, steps);
        var counts = labels.ne(TokenBatch.IgnoreIndex).sum(1).to_type(ScalarType.Float32).clamp_min(1);
        return (tokenLoss.sum(1) / counts).MoveToOuterDisposeScope();
    }
}
