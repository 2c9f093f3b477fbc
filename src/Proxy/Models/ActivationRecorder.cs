using static TorchSharp.torch;

namespace Lineage.Proxy.Models;

/// <summary>A Linear layer's input and output in one forward pass; the output retains its gradient.</summary>
public sealed record LinearRecord(string WeightName, string? BiasName, Tensor Input, Tensor Output);

/// <summary>An RMSNorm's normalised input (before the weight) and its output, which retains its gradient.</summary>
public sealed record NormRecord(string WeightName, Tensor Normalized, Tensor Output);

/// <summary>The token ids looked up and the embedding output, which retains its gradient.</summary>
public sealed record EmbeddingRecord(string WeightName, Tensor Ids, Tensor Output);

/// <summary>
/// Collects what per-example gradient sketches need (LoGra-style): for every weight, the
/// activations that enter it and the tensor whose gradient, after one backward pass, is
/// the per-example output gradient. Recording is off unless <see cref="Enabled"/> is set,
/// so plain inference and training pay nothing. One forward pass at a time per model.
/// Layers compute inside their own dispose scopes, so recorded tensors are detached from
/// those scopes and owned here until <see cref="Clear"/>, which disposes them (including
/// the logits when the output layer was recorded: read them before clearing).
/// </summary>
public sealed class ActivationRecorder
{
    public bool Enabled { get; set; }

    public List<LinearRecord> Linears { get; } = [];

    public List<NormRecord> Norms { get; } = [];

    public List<EmbeddingRecord> Embeddings { get; } = [];

    public void Clear()
    {
        // Disposing twice is harmless in TorchSharp, and one tensor may feed several layers.
        foreach (var r in Linears) { r.Input.Dispose(); r.Output.Dispose(); }
        foreach (var r in Norms) { r.Normalized.Dispose(); r.Output.Dispose(); }
        foreach (var r in Embeddings) { r.Ids.Dispose(); r.Output.Dispose(); }
        Linears.Clear();
        Norms.Clear();
        Embeddings.Clear();
    }

    internal void Linear(string weightName, string? biasName, Tensor input, Tensor output)
    {
        if (!Enabled) return;
        output.retain_grad();
        Linears.Add(new LinearRecord(weightName, biasName, input.DetachFromDisposeScope(), output.DetachFromDisposeScope()));
    }

    internal void Norm(string weightName, Tensor normalized, Tensor output)
    {
        if (!Enabled) return;
        output.retain_grad();
        Norms.Add(new NormRecord(weightName, normalized.detach().DetachFromDisposeScope(), output.DetachFromDisposeScope()));
    }

    internal void Embedding(string weightName, Tensor ids, Tensor output)
    {
        if (!Enabled) return;
        // With frozen parameters the embedding output is where the graph starts; it must
        // require grad for any activation gradient to exist.
        if (!output.requires_grad) output.requires_grad_(true);
        output.retain_grad();
        // The ids are the caller's; keep an alias of our own so Clear may dispose it.
        Embeddings.Add(new EmbeddingRecord(weightName, ids.alias().DetachFromDisposeScope(), output.DetachFromDisposeScope()));
    }
}
