using Lineage.Api.Options;
using Lineage.Api.Stages.Embedding;
using Lineage.Domain.Examples;
using Lineage.Filters.Clustering.Rows;
using static TorchSharp.torch;

namespace Lineage.Api.Stages.Clustering;

/// <summary>Loads the embedding vectors of examples (whole lineages or pool entries), checking that they all share one space.</summary>
public sealed class PoolVectors(EmbeddingVectors vectors, LineageOptions options)
{
    /// <summary>
    /// The examples' vectors as [n, d] float32 (CPU), rows in the order given. <paramref name="space"/> is
    /// the space every vector must be in; null takes the first example's.
    /// </summary>
    public (Tensor Vectors, EmbeddingSpace? Space) Load(IReadOnlyList<IPoolExample> examples, EmbeddingSpace? space, int dimension)
    {
        var (stored, found) = Stored(examples, space);
        return (vectors.Load(stored, found?.Dimension ?? dimension), found);
    }

    /// <summary>
    /// The same rows as a source to cluster: a tensor in memory for a pool of up to <see cref="ClusteringOptions.ResidentRows"/>
    /// rows, else a scratch file read a block at a time (<see cref="ClusteringOptions"/>). Dispose it to let go of either.
    /// </summary>
    public PoolRows Rows(IReadOnlyList<IPoolExample> examples, EmbeddingSpace? space, int dimension)
    {
        var (stored, found) = Stored(examples, space);
        int d = found?.Dimension ?? dimension;
        var clustering = options.Clustering;
        if (stored.Count <= clustering.ResidentRows)
        {
            var x = vectors.Load(stored, d);
            return new PoolRows(new TensorRows(x), found, x);
        }
        var file = vectors.Spill(stored, d, string.IsNullOrEmpty(clustering.ScratchDirectory) ? null : clustering.ScratchDirectory);
        return new PoolRows(file, found, file);
    }

    private static (List<StoredVector> Stored, EmbeddingSpace? Space) Stored(IReadOnlyList<IPoolExample> examples, EmbeddingSpace? space)
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
        return (stored, space);
    }
}

/// <summary>A pool's vectors as a row source, and what holds them (a tensor or a scratch file), let go on dispose.</summary>
public sealed class PoolRows(IRowSource rows, EmbeddingSpace? space, IDisposable owner) : IDisposable
{
    public IRowSource Source => rows;

    public EmbeddingSpace? Space => space;

    /// <summary>Vectors already loaded, held (and disposed) as a pool's rows.</summary>
    public static PoolRows Of(Tensor vectors) => new(new TensorRows(vectors), null, vectors);

    public void Dispose() => owner.Dispose();
}
