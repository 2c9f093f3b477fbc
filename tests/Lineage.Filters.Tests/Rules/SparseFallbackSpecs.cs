using Lineage.Filters.Rules;

namespace Lineage.Filters.Tests.Rules;

/// <summary>The paper's fallback: when no cluster is below the threshold, every cluster accepts.</summary>
[Trait("Category", "Unit")]
public class SparseFallbackSpecs
{
    [Theory]
    [InlineData(new long[] { 1, 1, 1, 5 })]   // sorted[⌊4·0.5⌋] = 1: nothing is below 1
    [InlineData(new long[] { 12 })]           // K = 1: the only cluster is its own threshold
    [InlineData(new long[] { 3, 3, 3 })]
    public void with_the_fallback_a_pool_without_a_sparse_cluster_keeps_every_candidate_and_says_so(long[] sizes)
    {
        var pool = SparseClusterPool.From(sizes) with { KeepAllWhenNoneSparse = true };
        Assert.True(pool.NoneSparse);
        for (var c = 0; c < sizes.Length; c++)
        {
            var verdict = SparseClusterRule.Decide(pool, "c1", c, 0.5);
            Assert.True(verdict.Keep);
            var evidence = Assert.IsType<SparseClusterEvidence>(verdict.Evidence);
            Assert.True(evidence.Fallback);
            Assert.Contains("by the fallback every cluster accepts", evidence.Sentence(true));
            Assert.True(evidence.Record(new Lineage.Domain.Examples.DecisionEvidence()).SparseFallback);
        }
    }

    [Theory]
    [InlineData(new long[] { 1, 1, 1, 5 })]
    [InlineData(new long[] { 12 })]
    public void without_it_lineage_keeps_none_of_such_a_pool(long[] sizes)
    {
        var pool = SparseClusterPool.From(sizes);
        Assert.All(Enumerable.Range(0, sizes.Length), c => Assert.False(SparseClusterRule.Decide(pool, "c1", c, 0.5).Keep));
    }

    [Fact]
    public void a_pool_with_a_sparse_cluster_is_judged_by_the_threshold_even_with_the_fallback_on()
    {
        var pool = SparseClusterPool.From([1, 2, 5, 5]) with { KeepAllWhenNoneSparse = true };   // threshold 5
        Assert.False(pool.NoneSparse);
        Assert.Equal([true, true, false, false], Enumerable.Range(0, 4).Select(c => SparseClusterRule.Decide(pool, "c1", c, 0.5).Keep));
        var evidence = Assert.IsType<SparseClusterEvidence>(SparseClusterRule.Decide(pool, "c1", 0, 0.5).Evidence);
        Assert.False(evidence.Fallback);
        Assert.Null(evidence.Record(new Lineage.Domain.Examples.DecisionEvidence()).SparseFallback);
    }
}
