using TorchSharp;
using static TorchSharp.torch;

namespace Lineage.Proxy.Models;

/// <summary>Pre-norm decoder block: x + attn(norm(x)), then h + mlp(norm(h)).</summary>
public sealed class DecoderLayer : nn.Module<Tensor, AttentionInputs, Tensor>
{
    private readonly RmsNorm input_layernorm;
    private readonly Attention self_attn;
    private readonly RmsNorm post_attention_layernorm;
    private readonly SwiGluMlp mlp;

    public DecoderLayer(string prefix, int layer, CausalLMConfig config, ModelOptions options) : base(prefix)
    {
        input_layernorm = new RmsNorm(prefix + ".input_layernorm", config.HiddenSize, config.RmsNormEps, options);
        self_attn = new Attention(prefix + ".self_attn", layer, config, options);
        post_attention_layernorm = new RmsNorm(prefix + ".post_attention_layernorm", config.HiddenSize, config.RmsNormEps, options);
        mlp = new SwiGluMlp(prefix + ".mlp", config, options);
        register_module("input_layernorm", input_layernorm);
        register_module("self_attn", self_attn);
        register_module("post_attention_layernorm", post_attention_layernorm);
        register_module("mlp", mlp);
    }

    public override Tensor forward(Tensor x, AttentionInputs inputs)
    {
        using var scope = NewDisposeScope();
        var h = x + self_attn.forward(input_layernorm.forward(x), inputs);
        var output = h + mlp.forward(post_attention_layernorm.forward(h));
        return output.MoveToOuterDisposeScope();
    }
}
