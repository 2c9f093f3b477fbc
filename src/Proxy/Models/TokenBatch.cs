using static TorchSharp.torch;

namespace Lineage.Proxy.Models;

/// <summary>One training or scoring example: token ids, the first <see cref="PromptLength"/> of which are the prompt.</summary>
public sealed record ProxyExample(IReadOnlyList<long> Ids, int PromptLength);

public enum PaddingSide
{
    Left,
    Right,
}

/// <summary>
/// Examples padded into tensors on a device: ids [B, T], attention mask [B, T] (1 real, 0 pad)
/// and shifted completion labels [B, T]: labels[b, t] is the token at t + 1 when that token is
/// a real completion token (index within its example >= prompt length), otherwise −100, the
/// transformers convention. The tensors join the caller's dispose scope.
/// </summary>
public sealed record TokenBatch(Tensor Ids, Tensor AttentionMask, Tensor Labels)
{
    public const long IgnoreIndex = -100;

    public static TokenBatch Create(IReadOnlyList<ProxyExample> examples, Device device,
        PaddingSide side = PaddingSide.Right, long padId = 0)
    {
        if (examples.Count == 0) throw new ArgumentException("a batch needs at least one example", nameof(examples));
        int width = examples.Max(e => e.Ids.Count);
        var ids = new long[examples.Count * width];
        var mask = new long[examples.Count * width];
        var labels = new long[examples.Count * width];
        Array.Fill(ids, padId);
        Array.Fill(labels, IgnoreIndex);
        for (int b = 0; b < examples.Count; b++)
        {
            var e = examples[b];
            if (e.PromptLength < 0 || e.PromptLength > e.Ids.Count)
            {
                throw new ArgumentException($"example {b}: prompt length {e.PromptLength} is outside 0..{e.Ids.Count}");
            }
            int offset = side == PaddingSide.Left ? width - e.Ids.Count : 0;
            int row = b * width + offset;
            for (int t = 0; t < e.Ids.Count; t++)
            {
                ids[row + t] = e.Ids[t];
                mask[row + t] = 1;
                // Logits at t predict token t + 1; only completion tokens are targets.
                if (t + 1 < e.Ids.Count && t + 1 >= e.PromptLength) labels[row + t] = e.Ids[t + 1];
            }
        }
        long[] shape = [examples.Count, width];
        return new TokenBatch(
            tensor(ids, shape, ScalarType.Int64).to(device),
            tensor(mask, shape, ScalarType.Int64).to(device),
            tensor(labels, shape, ScalarType.Int64).to(device));
    }
}
