using Lineage.Domain.Examples;
using Lineage.Domain.Pipelines;
using Lineage.Proxy.Embeddings;
using Lineage.Proxy.Models;
using static TorchSharp.torch;

namespace Lineage.Api.Stages.Embedding;

/// <summary>
/// Embeds one batch with a loaded proxy and describes the result as events: one <see cref="ExampleEmbedded"/>
/// per example (everything needed to recompute and to find the vector), then <see cref="BatchEmbedded"/>. The stage
/// stores the vectors (<see cref="EmbeddingVectors.Save"/>); an audit only describes them (<see cref="EmbeddingVectors.Describe"/>).
/// </summary>
public static class BatchEmbedding
{
    public static GradientEmbeddingMode ModeOf(DiversityConfig diversity) => diversity.Mode switch
    {
        "fast" => GradientEmbeddingMode.Fast,
        "exact" => GradientEmbeddingMode.Exact,
        _ => throw new ArgumentException($"diversity mode '{diversity.Mode}' is not fast or exact"),
    };

    /// <summary>The longest input: the config's limit within the model's positions (Lineage), or none at all (null, the paper's).</summary>
    public static int WindowOf(DiversityConfig diversity, LoadedProxy proxy) => diversity.MaxTokens is { } max
        ? Math.Min(max, proxy.Model.Config.MaxPositionEmbeddings)
        : int.MaxValue;

    /// <summary>
    /// Exact mode holds this many full gradients (float32) at once: 64 for small proxies, fewer for large ones so
    /// they stay within 4 GiB (a 0.5B proxy: 2 at a time).
    /// </summary>
    public static int ProjectionBatchFor(Lineage.Proxy.Models.CausalLM model)
    {
        long parameters = model.parameters().Sum(p => p.numel());
        return (int)Math.Clamp((1L << 30) / Math.Max(1, parameters), 1, 64);
    }

    public static IReadOnlyList<object> Embed(
        string runId, int round, int batch, IReadOnlyList<EmbeddingInput> inputs, DiversityConfig diversity,
        LoadedProxy proxy, Func<Tensor, IReadOnlyList<StoredVector>> store)
    {
        IReadOnlyList<StoredVector> stored = [];
        IReadOnlyList<ProxyExample> examples = [];
        if (inputs.Count > 0)
        {
            using var scope = NewDisposeScope();
            (var matrix, examples) = Compute(inputs, diversity, proxy);
            stored = store(matrix);
        }

        var events = new List<object>(inputs.Count + 1);
        for (var i = 0; i < inputs.Count; i++)
            events.Add(new ExampleEmbedded(
                runId, inputs[i].ExampleId, proxy.ModelId, proxy.WeightsSha256, proxy.Tokenizer.Id,
                diversity.Mode, diversity.Dimension, diversity.ProjectionSeed, stored[i].Address, stored[i].Sha256,
                Tokens: examples[i].Ids.Count, CompletionTokens: examples[i].Ids.Count - examples[i].PromptLength));
        events.Add(new BatchEmbedded(runId, round, batch, inputs.Count, proxy.ModelId, proxy.WeightsSha256));
        return events;
    }

    /// <summary>
    /// The batch's vectors, [n, d] with rows in input order (on the proxy's device, in the caller's dispose scope),
    /// and the token ids each example was fed as. What <see cref="Embed"/> stores, and what an audit recomputes
    /// and compares with the stored rows without storing anything. <paramref name="inputs"/> must not be empty.
    /// </summary>
    public static (Tensor Vectors, IReadOnlyList<ProxyExample> Examples) Compute(
        IReadOnlyList<EmbeddingInput> inputs, DiversityConfig diversity, LoadedProxy proxy)
    {
        var options = new GradientEmbedderOptions
        {
            Mode = ModeOf(diversity),
            Dimension = diversity.Dimension,
            Seed = diversity.ProjectionSeed,
            ProjectionBatch = ProjectionBatchFor(proxy.Model),
        };
        var window = WindowOf(diversity, proxy);
        var examples = inputs.Select(i => proxy.Tokenizer.Example(i.Problem, i.Solution, window, diversity.SystemPrompt)).ToList();
        // Fast mode pads each forward batch to its longest example; embedding in length order cuts the
        // padded work by half or more (measured 1.7–2.5× faster on the demo's seeds and candidates). An
        // example's vector does not depend on its batch mates, and the order is a pure function of the
        // input, so the rows are put back in input order and the result stays deterministic.
        var order = Enumerable.Range(0, examples.Count).OrderBy(i => examples[i].Ids.Count).ThenBy(i => i).ToArray();
        var sorted = new GradientEmbedder(proxy.Model, options).EmbedTensor(order.Select(i => examples[i]).ToList());
        var inverse = new long[order.Length];
        for (var rank = 0; rank < order.Length; rank++) inverse[order[rank]] = rank;
        return (sorted.index_select(0, tensor(inverse, device: sorted.device)), examples);
    }
}
