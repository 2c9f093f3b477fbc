using Lineage.Filters.Diversity;

namespace Lineage.Filters.Tests.Diversity;

[Trait("Category", "Unit")]
public class a_cluster_size_histogram
{
    [Fact]
    public void bins_sizes_in_powers_of_two_with_empty_clusters_apart()
    {
        var histogram = ClusterSizeHistogram.From([0, 1, 1, 2, 3, 4, 7, 8, 100]);

        Assert.Equal(
            [new SizeBucket(0, 0, 1), new SizeBucket(1, 1, 2), new SizeBucket(2, 3, 2), new SizeBucket(4, 7, 2),
             new SizeBucket(8, 15, 1), new SizeBucket(64, 127, 1)],
            histogram.Buckets);
        Assert.Equal(0, histogram.Min);
        Assert.Equal(3.0, histogram.Median);
        Assert.Equal(100, histogram.Max);
        Assert.Equal(126 / 9.0, histogram.Mean, 12);
    }

    [Fact]
    public void takes_the_middle_pair_for_the_median_of_an_even_count()
    {
        Assert.Equal(2.5, ClusterSizeHistogram.From([5, 1, 2, 3]).Median);
    }
}
