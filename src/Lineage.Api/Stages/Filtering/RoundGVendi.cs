using Lineage.Api.Stages.Clustering;
using Lineage.Domain.Examples;
using Lineage.Filters.Diversity;
using static TorchSharp.torch;

namespace Lineage.Api.Stages.Filtering;

/// <summary>
/// G-Vendi of the pool once a round's kept candidates have joined it: the number the loop exists to raise.
/// Recorded on <see cref="RoundFiltered"/>, next to the pool's G-Vendi before the round (on its clustering).
/// </summary>
public sealed class RoundGVendi(PoolVectors poolVectors, ComputeDevice compute)
{
    public double? After(IReadOnlyList<IPoolExample> pool, IReadOnlyList<IPoolExample> kept, int dimension) =>
        After(pool, kept, all => poolVectors.Load(all, null, dimension).Vectors, compute.Device);

    /// <summary>The same measure over vectors from elsewhere (an audit's checked vectors).</summary>
    public static double? After(
        IReadOnlyList<IPoolExample> pool, IReadOnlyList<IPoolExample> kept, Func<IReadOnlyList<IPoolExample>, Tensor> load, Device device)
    {
        var all = pool.Concat(kept).ToList();
        if (all.Count == 0) return null;
        using var scope = NewDisposeScope();
        return GVendi.Score(load(all), device: device);
    }
}
