using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Lineage.Proxy.Models;

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
