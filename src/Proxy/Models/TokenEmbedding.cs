using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Lineage.Proxy.Models;

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
