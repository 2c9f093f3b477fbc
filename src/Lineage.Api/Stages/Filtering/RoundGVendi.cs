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
    /// <remarks>A pool past Lineage:Clustering:ResidentRows is read from a scratch file, a block at a time (the same score).</remarks>
    public double? After(IReadOnlyList<IPoolExample> pool, IReadOnlyList<IPoolExample> kept, int dimension) =>
        Score(pool, kept, all => poolVectors.Rows(all, null, dimension), compute.Device);

    /// <summary>The same measure over vectors from elsewhere (an audit's checked vectors).</summary>
    public static double? After(
        IReadOnlyList<IPoolExample> pool, IReadOnlyList<IPoolExample> kept, Func<IReadOnlyList<IPoolExample>, Tensor> load, Device device) =>
        Score(pool, kept, all => PoolRows.Of(load(all)), device);

    private static double? Score(
        IReadOnlyList<IPoolExample> pool, IReadOnlyList<IPoolExample> kept, Func<IReadOnlyList<IPoolExample>, PoolRows> rows, Device device)
    {
        var all = pool.Concat(kept).ToList();
        if (all.Count == 0) return null;
        using var scope = NewDisposeScope();
        using var x = rows(all);
        return GVendi.Score(x.Source, device: device);
    }
}
