using TorchSharp;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace Lineage.Proxy.Models;

/// <summary>What every layer needs besides its input: RoPE tables, the additive mask, the cache.</summary>
public sealed record AttentionInputs(Tensor Cos, Tensor Sin, Tensor Mask, KvCache? Cache);

/// <summary>
/// Grouped-query self-attention, computed as transformers' eager path does: scores in the
/// model dtype, softmax in float32, each group of query heads sharing one key/value head.
/// </summary>
public sealed class Attention : nn.Module<Tensor, AttentionInputs, Tensor>
{
    private readonly TapLinear q_proj;
    private readonly TapLinear k_proj;
    private readonly TapLinear v_proj;
    private readonly TapLinear o_proj;
    private readonly int _heads;
    private readonly int _kvHeads;
    private readonly int _headDim;
    private readonly int _layer;

    public Attention(string prefix, int layer, CausalLMConfig config, ModelOptions options) : base(prefix)
    {
        _layer = layer;
        _heads = config.NumAttentionHeads;
        _kvHeads = config.NumKeyValueHeads;
        _headDim = config.HeadDim;
        q_proj = new TapLinear(prefix + ".q_proj", config.HiddenSize, _heads * _headDim, config.QkvBias, options);
        k_proj = new TapLinear(prefix + ".k_proj", config.HiddenSize, _kvHeads * _headDim, config.QkvBias, options);
        v_proj = new TapLinear(prefix + ".v_proj", config.HiddenSize, _kvHeads * _headDim, config.QkvBias, options);
        o_proj = new TapLinear(prefix + ".o_proj", _heads * _headDim, config.HiddenSize, config.OutputBias, options);
        register_module("q_proj", q_proj);
        register_module("k_proj", k_proj);
        register_module("v_proj", v_proj);
        register_module("o_proj", o_proj);
    }

    public override Tensor forward(Tensor x, AttentionInputs inputs)
    {
        using var scope = NewDisposeScope();
        long batch = x.shape[0], steps = x.shape[1];
        var q = q_proj.forward(x).view(batch, steps, _heads, _headDim).transpose(1, 2);
        var k = k_proj.forward(x).view(batch, steps, _kvHeads, _headDim).transpose(1, 2);
        var v = v_proj.forward(x).view(batch, steps, _kvHeads, _headDim).transpose(1, 2);
        q = RotaryEmbedding.Apply(q, inputs.Cos, inputs.Sin);
        k = RotaryEmbedding.Apply(k, inputs.Cos, inputs.Sin);
        if (inputs.Cache is { } cache) (k, v) = cache.Append(_layer, k, v);

        int groups = _heads / _kvHeads;
        if (groups > 1)
        {
            // Query head h reads key/value head h / groups, as transformers' repeat_kv lays them out.
            k = k.repeat_interleave(groups, dim: 1);
            v = v.repeat_interleave(groups, dim: 1);
        }
        var scores = q.matmul(k.transpose(2, 3)) * Math.Pow(_headDim, -0.5) + inputs.Mask;
        var probs = F.softmax(scores, -1, ScalarType.Float32).to_type(q.dtype);
        var context = probs.matmul(v).transpose(1, 2).reshape(batch, steps, _heads * _headDim);
        return o_proj.forward(context).MoveToOuterDisposeScope();
    }
}
