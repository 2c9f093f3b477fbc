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
    public double? After(IReadOnlyList<ExampleLineage> pool, IReadOnlyList<ExampleLineage> kept, int dimension)
    {
        var all = pool.Concat(kept).ToList();
        if (all.Count == 0) return null;
        using var scope = NewDisposeScope();
        var (vectors, _) = poolVectors.Load(all, null, dimension);
        return GVendi.Score(vectors, device: compute.Device);
    }
}
