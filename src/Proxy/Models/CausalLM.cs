using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace Lineage.Proxy.Models;

/// <summary>
/// A Qwen2 or Llama causal language model. Parameter names equal the transformers names
/// (<c>model.layers.0.self_attn.q_proj.weight</c>; <c>lm_head.weight</c> only when the
/// output layer is not tied to the embeddings) so checkpoints load by name and gradients
/// compare by name. Parameters live on one device in one dtype, fixed at construction.
/// </summary>
public sealed partial class CausalLM : nn.Module<Tensor, Tensor>
{
    private readonly DecoderStack model;
    private readonly TapLinear? lm_head;

    public CausalLM(CausalLMConfig config, Device? device = null, ScalarType dtype = ScalarType.Float32) : base("CausalLM")
    {
        Config = config;
        Device = device ?? CPU;
        DType = dtype;
        var options = new ModelOptions(Device, dtype, Recorder);
        model = new DecoderStack("model", config, options);
        register_module("model", model);
        if (!config.TieWordEmbeddings)
        {
            lm_head = new TapLinear("lm_head", config.HiddenSize, config.VocabSize, false, options);
            register_module("lm_head", lm_head);
        }
    }

    public CausalLMConfig Config { get; }

    public Device Device { get; }

    public ScalarType DType { get; }

    /// <summary>Activation capture for per-example gradient sketches; off unless enabled.</summary>
    public ActivationRecorder Recorder { get; } = new();

    /// <summary>Logits [B, T, vocab] for token ids [B, T], no padding, no cache.</summary>
    public override Tensor forward(Tensor inputIds) => Forward(inputIds);

    /// <summary>
    /// Logits [B, T, vocab] in the model dtype. <paramref name="attentionMask"/> is [B, past + T]
    /// (1 for real tokens, 0 for padding, left or right) and covers the cached positions too.
    /// Padding keys are never attended to, and positions count real tokens only, so a padded
    /// sequence gets the same logits as it would alone.
    /// </summary>
    public Tensor Forward(Tensor inputIds, Tensor? attentionMask = null, KvCache? cache = null)
    {
        using var scope = NewDisposeScope();
        var hidden = model.forward(inputIds, attentionMask, cache);
        var logits = lm_head is null ? TiedHead(hidden) : lm_head.forward(hidden);
        return logits.MoveToOuterDisposeScope();
    }

    private Tensor TiedHead(Tensor hidden)
    {
        var logits = F.linear(hidden, model.EmbedWeight);
        Recorder.Linear("model.embed_tokens.weight", null, hidden, logits);
        return logits;
    }

    /// <summary>Parameters in registration order with their transformers names.</summary>
    public IReadOnlyList<(string Name, Parameter Parameter)> NamedParameters() => named_parameters().ToArray();
}
