using Lineage.Api.Stages.Embedding;
using Lineage.Domain.Examples;
using static TorchSharp.torch;

namespace Lineage.Api.Stages.Clustering;

/// <summary>Loads the embedding vectors of examples (whole lineages or pool entries), checking that they all share one space.</summary>
public sealed class PoolVectors(EmbeddingVectors vectors)
{
    /// <summary>
    /// The examples' vectors as [n, d] float32 (CPU), rows in the order given. <paramref name="space"/> is
    /// the space every vector must be in; null takes the first example's.
    /// </summary>
    public (Tensor Vectors, EmbeddingSpace? Space) Load(IReadOnlyList<IPoolExample> examples, EmbeddingSpace? space, int dimension)
    {
        var stored = new List<StoredVector>(examples.Count);
        foreach (var x in examples)
        {
            var e = x.Embedding ?? throw new InvalidOperationException($"example {x.Id} has no embedding: its embed batch has not run");
            var of = EmbeddingSpace.Of(e);
            space ??= of;
            if (of != space)
                throw new InvalidOperationException($"example {x.Id} was embedded in another space ({of}) than the rest ({space}); cosines across spaces mean nothing");
            stored.Add(new StoredVector(e.VectorAddress, e.VectorSha256));
        }
        return (vectors.Load(stored, space?.Dimension ?? dimension), space);
    }
}
