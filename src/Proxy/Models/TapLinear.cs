using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace Lineage.Proxy.Models;

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
