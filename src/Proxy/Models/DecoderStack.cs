using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Lineage.Proxy.Models;

/// <summary>The "model." part of the checkpoint: embeddings, decoder layers, final norm.</summary>
internal sealed class DecoderStack : nn.Module
{
    private readonly TokenEmbedding embed_tokens;
    private readonly ModuleList<DecoderLayer> layers;
    private readonly RmsNorm norm;
    private readonly Tensor _invFreq;
    private readonly CausalLMConfig _config;
    private readonly ModelOptions _options;

    public DecoderStack(string prefix, CausalLMConfig config, ModelOptions options) : base(prefix)
    {
        _config = config;
        _options = options;
        embed_tokens = new TokenEmbedding(prefix + ".embed_tokens", config.VocabSize, config.HiddenSize, options);
        layers = new ModuleList<DecoderLayer>(
            Enumerable.Range(0, config.NumHiddenLayers)
                .Select(i => new DecoderLayer($"{prefix}.layers.{i}", i, config, options)).ToArray());
        norm = new RmsNorm(prefix + ".norm", config.HiddenSize, config.RmsNormEps, options);
        register_module("embed_tokens", embed_tokens);
        register_module("layers", layers);
        register_module("norm", norm);
        _invFreq = RotaryEmbedding.InverseFrequencies(config.Rope, config.HeadDim, options.Device).DetachFromDisposeScope();
    }

    public Parameter EmbedWeight => embed_tokens.Weight;

    public Tensor forward(Tensor inputIds, Tensor? attentionMask, KvCache? cache)
    {
        using var scope = NewDisposeScope();
        int past = cache?.Length ?? 0;
        long batch = inputIds.shape[0], steps = inputIds.shape[1];
        var mask = attentionMask ?? ones([batch, past + steps], ScalarType.Int64, inputIds.device);
        if (mask.shape[1] != past + steps)
        {
            throw new ArgumentException($"attention mask covers {mask.shape[1]} positions; the cache holds {past} and the input {steps}");
        }
        // Positions count real tokens, so left padding does not shift RoPE.
        var positions = (mask.cumsum(1, ScalarType.Int64) - 1).clamp_min(0).narrow(1, past, steps);
        var (cos, sin) = RotaryEmbedding.CosSin(_invFreq, positions, _options.DType);
        var inputs = new AttentionInputs(cos, sin, AdditiveMask(mask, past, steps), cache);

        var x = embed_tokens.forward(inputIds);
        foreach (var layer in layers) x = layer.forward(x, inputs);
        cache?.Advance((int)steps);
        return norm.forward(x).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// [B, 1, T, past + T]: 0 where query t may read key s (causal and s is a real token), −inf
    /// elsewhere. Each query may always read its own key, so a padding row is never all −inf
    /// (which would make NaNs that reach the gradient); real queries never read padding keys.
    /// </summary>
    private Tensor AdditiveMask(Tensor mask, int past, long steps)
    {
        using var scope = NewDisposeScope();
        var device = mask.device;
        long keys = past + steps;
        var queryPos = arange(past, keys, ScalarType.Int64, device).view(steps, 1);
        var keyPos = arange(0, keys, ScalarType.Int64, device).view(1, keys);
        var causal = keyPos <= queryPos;                               // [T, S]
        var realKey = mask.to_type(ScalarType.Bool).view(mask.shape[0], 1, 1, keys);
        var allowed = causal.view(1, 1, steps, keys).logical_and(realKey).logical_or((keyPos == queryPos).view(1, 1, steps, keys));
        var additive = zeros(allowed.shape, _options.DType, device).masked_fill(allowed.logical_not(), double.NegativeInfinity);
        return additive.MoveToOuterDisposeScope();
    }
}
