using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace Lineage.Filters.Proxy;

/// <summary>
/// A linear layer whose parameters are allocated uninitialised on the target device
/// (they are loaded or initialised afterwards) and that reports its input and output to
/// the model's <see cref="ActivationRecorder"/>. Parameter names are "weight" and "bias",
/// as in torch.nn.Linear, so full names match transformers.
/// </summary>
public sealed class TapLinear : nn.Module<Tensor, Tensor>
{
    private readonly Parameter weight;
    private readonly Parameter? bias;
    private readonly ActivationRecorder _recorder;
    private readonly string _prefix;

    public TapLinear(string prefix, long inFeatures, long outFeatures, bool hasBias, ModelOptions options)
        : base(prefix)
    {
        _prefix = prefix;
        _recorder = options.Recorder;
        weight = new Parameter(empty([outFeatures, inFeatures], options.DType, options.Device));
        register_parameter("weight", weight);
        if (hasBias)
        {
            bias = new Parameter(empty([outFeatures], options.DType, options.Device));
            register_parameter("bias", bias);
        }
    }

    public Parameter Weight => weight;

    public override Tensor forward(Tensor input)
    {
        var output = F.linear(input, weight, bias);
        _recorder.Linear(_prefix + ".weight", bias is null ? null : _prefix + ".bias", input, output);
        return output;
    }
}

/// <summary>Token embedding table, "weight" [vocab, hidden].</summary>
public sealed class TokenEmbedding : nn.Module<Tensor, Tensor>
{
    private readonly Parameter weight;
    private readonly ActivationRecorder _recorder;
    private readonly string _prefix;

    public TokenEmbedding(string prefix, long vocab, long hidden, ModelOptions options) : base(prefix)
    {
        _prefix = prefix;
        _recorder = options.Recorder;
        weight = new Parameter(empty([vocab, hidden], options.DType, options.Device));
        register_parameter("weight", weight);
    }

    public Parameter Weight => weight;

    public override Tensor forward(Tensor ids)
    {
        var shape = ids.shape.Append(weight.shape[1]).ToArray();
        var output = weight.index_select(0, ids.reshape(-1)).view(shape);
        _recorder.Embedding(_prefix + ".weight", ids, output);
        return output;
    }
}

/// <summary>
/// RMSNorm as transformers computes it: statistics in float32, the normalised value cast
/// back to the input dtype before it is scaled by the weight.
/// </summary>
public sealed class RmsNorm : nn.Module<Tensor, Tensor>
{
    private readonly Parameter weight;
    private readonly double _eps;
    private readonly ActivationRecorder _recorder;
    private readonly string _prefix;

    public RmsNorm(string prefix, long hidden, double eps, ModelOptions options) : base(prefix)
    {
        _prefix = prefix;
        _eps = eps;
        _recorder = options.Recorder;
        weight = new Parameter(ones([hidden], options.DType, options.Device));
        register_parameter("weight", weight);
    }

    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        var x = input.to_type(ScalarType.Float32);
        var variance = x.pow(2).mean([-1], keepdim: true);
        var normalized = (x * rsqrt(variance + _eps)).to_type(input.dtype);
        var output = weight * normalized;
        _recorder.Norm(_prefix + ".weight", normalized, output);
        return output.MoveToOuterDisposeScope();
    }
}

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

/// <summary>Where parameters live and who records activations; shared by every layer of one model.</summary>
public sealed record ModelOptions(Device Device, ScalarType DType, ActivationRecorder Recorder);
