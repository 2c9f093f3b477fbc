using TorchSharp;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace Lineage.Proxy.Models;

/// <summary>SwiGLU feed-forward: down(silu(gate(x)) * up(x)).</summary>
public sealed class SwiGluMlp : nn.Module<Tensor, Tensor>
{
    private readonly TapLinear gate_proj;
    private readonly TapLinear up_proj;
    private readonly TapLinear down_proj;

    public SwiGluMlp(string prefix, CausalLMConfig config, ModelOptions options) : base(prefix)
    {
        gate_proj = new TapLinear(prefix + ".gate_proj", config.HiddenSize, config.IntermediateSize, config.MlpBias, options);
        up_proj = new TapLinear(prefix + ".up_proj", config.HiddenSize, config.IntermediateSize, config.MlpBias, options);
        down_proj = new TapLinear(prefix + ".down_proj", config.IntermediateSize, config.HiddenSize, config.MlpBias, options);
        register_module("gate_proj", gate_proj);
        register_module("up_proj", up_proj);
        register_module("down_proj", down_proj);
    }

    public override Tensor forward(Tensor x) => down_proj.forward(F.silu(gate_proj.forward(x)) * up_proj.forward(x));
}
