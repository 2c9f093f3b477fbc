using Lineage.Filters.Diversity;
using Lineage.Filters.Tests.Clustering;

namespace Lineage.Filters.Tests.Diversity;

[Trait("Category", "Unit")]
public class a_homogeneity_report
{
    // Group a: 4 rows in clusters 0, 0, 1, 2. Group b: 2 rows in clusters 1, 3.
    private static readonly string[] Keys = ["a", "a", "a", "a", "b", "b"];
    private static readonly long[] Clusters = [0, 0, 1, 2, 1, 3];

    [Fact]
    public void measures_for_each_pair_the_share_of_one_group_in_clusters_the_other_also_populates()
    {
        var overlaps = ClusterOverlap.Pairs(Keys, Clusters);

        Assert.Equal(2, overlaps.Count);
        Assert.Equal(new GroupOverlap("a", "b", 0.25), overlaps[0]); // only a's row in cluster 1
        Assert.Equal(new GroupOverlap("b", "a", 0.5), overlaps[1]);  // b's row in cluster 1, not the one in 3
    }

    [Fact]
    public void measures_cluster_mixing_as_size_weighted_normalised_group_entropy()
    {
        var mixing = ClusterOverlap.Mixing(Keys, Clusters);

        // Only cluster 1 (2 rows, one per group) is mixed, with entropy ln 2 / ln 2 = 1: 2·1 / 6 rows.
        Assert.Equal(1.0 / 3.0, mixing.MeanNormalisedEntropy, 12);
        Assert.Equal(0.75, mixing.SingleGroupClusterFraction, 12);
        Assert.Equal(4, mixing.PopulatedClusters);
    }

    [Fact]
    public void reports_per_group_diversity_next_to_the_whole_pool()
    {
        var basis = g_vendi.Orthonormal(count: 3, d: 5, seed: 8);
        var rows = new[] { basis[0], basis[0], basis[1], basis[0], basis[2], basis[1] };
        using var x = SphereData.ToTensor(rows);

        var report = HomogeneityReport.Build(x, Keys, Clusters);

        Assert.Equal(2.0, report.Groups.Single(g => g.Group == "b").GVendi, 6);
        double pa = 0.75, pb = 0.25; // group a: three copies of e0, one of e1
        Assert.Equal(Math.Exp(-pa * Math.Log(pa) - pb * Math.Log(pb)), report.Groups.Single(g => g.Group == "a").GVendi, 6);
        // The whole pool: e0 three times, e1 twice, e2 once.
        double[] shares = [3 / 6.0, 1 / 6.0, 2 / 6.0];
        Assert.Equal(Math.Exp(-shares.Sum(p => p * Math.Log(p))), report.OverallGVendi, 6);
        var text = new StringWriter();
        report.WriteTo(text);
        Assert.Contains("a in clusters shared with b: 25", text.ToString());
    }
}
