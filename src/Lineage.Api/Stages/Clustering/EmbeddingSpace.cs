using Lineage.Domain.Examples;

namespace Lineage.Api.Stages.Clustering;

/// <summary>
/// What makes two gradient embeddings comparable: the same proxy weights, tokenizer, projection mode,
/// dimension and seed. Vectors from different spaces have meaningless cosines, so a pool that mixes them
/// (say a worker whose default proxy trained to other bits) is refused rather than clustered.
/// </summary>
public sealed record EmbeddingSpace(string WeightsSha256, string TokenizerId, string Mode, int Dimension, long Seed)
{
    public static EmbeddingSpace Of(ExampleEmbedded e) => new(e.WeightsSha256, e.TokenizerId, e.ProjectionMode, e.Dimension, e.ProjectionSeed);

    public override string ToString() =>
        $"weights {WeightsSha256[..Math.Min(12, WeightsSha256.Length)]}, tokenizer {TokenizerId}, {Mode} d={Dimension} seed {Seed}";
}
