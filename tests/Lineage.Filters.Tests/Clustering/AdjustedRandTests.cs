namespace Lineage.Filters.Tests.Clustering;

[Trait("Category", "Unit")]
public class the_adjusted_rand_index_test_helper
{
    [Fact]
    public void matches_the_textbook_value_for_one_split_cluster()
    {
        // [0,0,1,1] vs [0,0,1,2]: Σ C(n_ij,2) = 1, Σ C(a,2) = 2, Σ C(b,2) = 1, C(4,2) = 6,
        // expected 1/3, max 3/2, so ARI = (1 − 1/3) / (3/2 − 1/3) = 4/7.
        Assert.Equal(4.0 / 7.0, AdjustedRand.Index([0, 0, 1, 1], [0, 0, 1, 2]), 12);
    }

    [Fact]
    public void is_one_for_a_relabelled_partition_and_near_zero_for_an_unrelated_one()
    {
        Assert.Equal(1.0, AdjustedRand.Index([0, 0, 1, 1, 2, 2], [5, 5, 3, 3, 9, 9]), 12);
        var random = new Random(3);
        var a = Enumerable.Range(0, 4000).Select(_ => (long)random.Next(5)).ToArray();
        var b = Enumerable.Range(0, 4000).Select(_ => (long)random.Next(5)).ToArray();
        Assert.InRange(AdjustedRand.Index(a, b), -0.02, 0.02);
    }
}
