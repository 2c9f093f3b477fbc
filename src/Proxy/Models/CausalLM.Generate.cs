using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace Lineage.Proxy.Models;

public sealed partial class CausalLM
{
    /// <summary>
    /// Continues each prompt by up to <see cref="GenerationOptions.MaxNewTokens"/> tokens, all
    /// prompts in one batch (left-padded, so every row's next token sits in the last column).
    /// Returns each prompt followed by its new tokens, cut after the first end-of-sequence id.
    /// </summary>
    public IReadOnlyList<long[]> Generate(IReadOnlyList<IReadOnlyList<long>> prompts, GenerationOptions options)
    {
        if (prompts.Count == 0) return [];
        if (prompts.Any(p => p.Count == 0)) throw new ArgumentException("every prompt needs at least one token", nameof(prompts));
        if (options.Temperature < 0 || options.TopP <= 0 || options.TopP > 1)
        {
            throw new ArgumentException("temperature must be >= 0 and top_p in (0, 1]", nameof(options));
        }
        int batch = prompts.Count;
        var outputs = prompts.Select(p => new List<long>(p)).ToArray();
        var finished = new bool[batch];
        if (options.MaxNewTokens <= 0) return outputs.Select(o => o.ToArray()).ToArray();

        var eos = options.EosTokenIds.ToHashSet();
        using var noGrad = no_grad();
        using var sampler = options.Temperature > 0 ? new TorchSharp.torch.Generator((ulong)options.Seed, Device) : null;
        using var outer = NewDisposeScope();
        var examples = prompts.Select(p => new ProxyExample(p.ToArray(), p.Count)).ToArray();
        var prefix = TokenBatch.Create(examples, Device, PaddingSide.Left, options.PadTokenId);
        int width = (int)prefix.Ids.shape[1];
        using var cache = options.UseCache ? new KvCache(Config.NumHiddenLayers, width + options.MaxNewTokens) : null;

        Tensor ids = prefix.Ids, mask = prefix.AttentionMask, input = prefix.Ids;
        for (int step = 0; step < options.MaxNewTokens; step++)
        {
            using var scope = NewDisposeScope();
            var logits = Forward(input, mask, cache);
            var last = logits.select(1, logits.shape[1] - 1).to_type(ScalarType.Float32);
            var next = sampler is null ? last.argmax(-1) : Sample(last, options, sampler);
            var chosen = next.cpu().data<long>().ToArray();
            for (int b = 0; b < batch; b++)
            {
                if (finished[b]) continue;
                outputs[b].Add(chosen[b]);
                finished[b] = eos.Contains(chosen[b]);
            }
            if (finished.All(f => f) || step == options.MaxNewTokens - 1) break;

            // Rows that already finished keep decoding (their tokens are discarded) so the batch stays rectangular.
            var column = next.view(batch, 1);
            mask = cat([mask, ones([batch, 1], ScalarType.Int64, Device)], 1).MoveToOuterDisposeScope();
            ids = cat([ids, column], 1).MoveToOuterDisposeScope();
            input = (cache is null ? ids : column).MoveToOuterDisposeScope();
        }
        return outputs.Select(o => o.ToArray()).ToArray();
    }

    /// <summary>Temperature and nucleus (top-p) sampling from logits [B, V].</summary>
    private static Tensor Sample(Tensor logits, GenerationOptions options, TorchSharp.torch.Generator generator)
    {
        var probs = F.softmax(logits / options.Temperature, -1);
        if (options.TopP < 1)
        {
            var (sorted, order) = probs.sort(-1, descending: true);
            var before = sorted.cumsum(-1) - sorted;        // mass of the strictly more likely tokens
            var kept = sorted.masked_fill(before.ge(options.TopP), 0);
            probs = zeros_like(probs).scatter(-1, order, kept);
        }
        return multinomial(probs, 1, false, generator).view(-1);
    }
}
