using Lineage.Domain.Examples;
using Lineage.Domain.Pipelines;
using Lineage.Filters.Embeddings;
using static TorchSharp.torch;

namespace Lineage.Api.Stages.Embedding;

/// <summary>
/// Embeds one batch with a loaded proxy and describes the result as events: one <see cref="ExampleEmbedded"/>
/// per example (everything needed to recompute and to find the vector), then <see cref="BatchEmbedded"/>.
/// </summary>
public static class BatchEmbedding
{
    public static GradientEmbeddingMode ModeOf(DiversityConfig diversity) => diversity.Mode switch
    {
        "fast" => GradientEmbeddingMode.Fast,
        "exact" => GradientEmbeddingMode.Exact,
        _ => throw new ArgumentException($"diversity mode '{diversity.Mode}' is not fast or exact"),
    };

    public static IReadOnlyList<object> Embed(
        string runId, int round, int batch, IReadOnlyList<EmbeddingInput> inputs, DiversityConfig diversity,
        LoadedProxy proxy, EmbeddingVectors vectors)
    {
        var options = new GradientEmbedderOptions
        {
            Mode = ModeOf(diversity),
            Dimension = diversity.Dimension,
            Seed = diversity.ProjectionSeed,
        };
        var examples = inputs.Select(i => proxy.Tokenizer.Example(i.Problem, i.Solution, proxy.MaxTokens)).ToList();
        IReadOnlyList<StoredVector> stored = [];
        if (examples.Count > 0)
        {
            using var scope = NewDisposeScope();
            stored = vectors.Save(new GradientEmbedder(proxy.Model, options).EmbedTensor(examples));
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
}
