using static TorchSharp.torch;

namespace Lineage.Filters.Diversity;

/// <summary>
/// Are the groups (e.g. generators) a hivemind? Diversity of all rows and of each group on its
/// own, how much each group's rows share clusters with each other group, and how mixed the
/// clusters are. A pool whose overall G-Vendi is barely above its groups' while overlap and
/// mixing are high gains little from having several groups.
/// </summary>
public sealed record HomogeneityReport(
    double OverallGVendi,
    IReadOnlyList<GroupDiversity> Groups,
    IReadOnlyList<GroupOverlap> Overlaps,
    ClusterMixing Mixing)
{
    /// <param name="x">[n, d] embeddings.</param>
    /// <param name="groupKeys">Group of each row.</param>
    /// <param name="clusters">Cluster of each row (e.g. <c>KMeansResult.Assignments</c>).</param>
    public static HomogeneityReport Build(Tensor x, IReadOnlyList<string> groupKeys, IReadOnlyList<long> clusters,
        Device? device = null)
    {
        if (clusters.Count != x.shape[0])
        {
            throw new ArgumentException($"{clusters.Count} cluster assignments for {x.shape[0]} rows", nameof(clusters));
        }
        return new HomogeneityReport(
            GVendi.Score(x, device: device),
            GVendi.ByGroup(x, groupKeys, device: device),
            ClusterOverlap.Pairs(groupKeys, clusters),
            ClusterOverlap.Mixing(groupKeys, clusters));
    }

    public void WriteTo(TextWriter writer)
    {
        writer.WriteLine($"overall G-Vendi {OverallGVendi:F4}");
        foreach (var g in Groups) writer.WriteLine($"group {g.Group}: {g.Count} rows, G-Vendi {g.GVendi:F4}");
        foreach (var o in Overlaps) writer.WriteLine($"{o.Group} in clusters shared with {o.Other}: {o.Fraction:P1}");
        writer.WriteLine($"clusters: {Mixing.PopulatedClusters} populated, {Mixing.SingleGroupClusterFraction:P1} single-group, " +
                         $"mean normalised group entropy {Mixing.MeanNormalisedEntropy:F4}");
    }
}
