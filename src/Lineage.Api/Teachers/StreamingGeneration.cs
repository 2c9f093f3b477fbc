using Lineage.Proxy.Models;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace Lineage.Api.Teachers;

/// <summary>
/// <see cref="CausalLM.Generate"/> for one prompt, one token at a time: each token goes to a callback as soon as it is
/// sampled, and the callback (returning false) or the cancellation token ends generation at the next step, so a
/// streamed reply reaches the client while it is written and a client that leaves stops the model.
/// The arithmetic is Generate's (KV cache, temperature, nucleus, a generator seeded from <see cref="GenerationOptions.Seed"/>),
/// so for the same options it picks the same tokens; <c>StreamingGenerationTests</c> holds it to that.
/// </summary>
/// <remarks>It belongs beside Generate (as a streaming overload) once the proxy model has its own project.</remarks>
public static class StreamingGeneration
{
    /// <summary>Runs on the calling thread (TorchSharp's dispose scopes and no_grad are per thread); returns the tokens sampled.</summary>
    public static int Run(CausalLM model, IReadOnlyList<long> prompt, GenerationOptions options, Func<long, bool> onToken,
        CancellationToken cancellationToken)
    {
        if (prompt.Count == 0) throw new ArgumentException("the prompt needs at least one token", nameof(prompt));
        if (options.Temperature < 0 || options.TopP <= 0 || options.TopP > 1)
            throw new ArgumentException("temperature must be >= 0 and top_p in (0, 1]", nameof(options));
        if (options.MaxNewTokens <= 0) return 0;

        using var noGrad = no_grad();
        using var sampler = options.Temperature > 0 ? new Generator((ulong)options.Seed, model.Device) : null;
        using var outer = NewDisposeScope();
        var prefix = TokenBatch.Create([new ProxyExample(prompt.ToArray(), prompt.Count)], model.Device, PaddingSide.Left, options.PadTokenId);
        using var cache = options.UseCache ? new KvCache(model.Config.NumHiddenLayers, prompt.Count + options.MaxNewTokens) : null;

        Tensor ids = prefix.Ids, mask = prefix.AttentionMask, input = prefix.Ids;
        var sampled = 0;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            using var scope = NewDisposeScope();
            var logits = model.Forward(input, mask, cache);
            var last = logits.select(1, logits.shape[1] - 1).to_type(ScalarType.Float32);
            var next = sampler is null ? last.argmax(-1) : Sample(last, options, sampler);
            sampled++;
            if (!onToken(next.cpu().item<long>()) || sampled == options.MaxNewTokens) return sampled;

            var column = next.view(1, 1);
            mask = cat([mask, ones([1, 1], ScalarType.Int64, model.Device)], 1).MoveToOuterDisposeScope();
            ids = cat([ids, column], 1).MoveToOuterDisposeScope();
            input = (cache is null ? ids : column).MoveToOuterDisposeScope();
        }
    }

    /// <summary>Temperature and nucleus (top-p) sampling from logits [1, V], exactly as Generate samples.</summary>
    private static Tensor Sample(Tensor logits, GenerationOptions options, Generator generator)
    {
        var probs = F.softmax(logits / options.Temperature, -1);
        if (options.TopP < 1)
        {
            var (sorted, order) = probs.sort(-1, descending: true);
            var before = sorted.cumsum(-1) - sorted;
            var kept = sorted.masked_fill(before.ge(options.TopP), 0);
            probs = zeros_like(probs).scatter(-1, order, kept);
        }
        return multinomial(probs, 1, false, generator).view(-1);
    }
}
