using Lineage.Proxy.Embeddings;
using static TorchSharp.torch;

namespace Lineage.Proxy.Tests.Embeddings;

[Trait("Category", "Unit")]
public class when_seeded_matrices_are_cached
{
    [Fact]
    public void a_cached_matrix_is_the_freshly_drawn_one_and_outlives_its_callers_aliases()
    {
        using var scope = NewDisposeScope();
        var cache = new SeededMatrixCache(1 << 20);
        var first = cache.Rademacher(30, 7, seed: 99, CPU);
        first.Dispose();   // a caller disposing its alias must not free the cached matrix
        var again = cache.Rademacher(30, 7, seed: 99, CPU);
        var fresh = SeededProjection.Rademacher(30, 7, 99, CPU);

        Assert.True(again.eq(fresh).all().item<bool>());
        Assert.Equal(30L * 7 * sizeof(float), cache.Bytes);
        Assert.False(again.eq(cache.Rademacher(30, 7, seed: 100, CPU)).all().item<bool>());
        Assert.Equal(2L * 30 * 7 * sizeof(float), cache.Bytes);
    }

    [Fact]
    public void the_least_recently_used_matrix_is_dropped_beyond_capacity_and_an_oversized_one_is_not_kept()
    {
        using var scope = NewDisposeScope();
        var cache = new SeededMatrixCache(3 * 100 * sizeof(float));   // room for three 100-value matrices
        int draws = 0;
        Tensor Draw(long seed) => cache.GetOrCreate(SeededMatrixCache.Key.Of("test", seed, 10, 10, ScalarType.Float32, CPU),
            () => { draws++; return SeededProjection.Rademacher(10, 10, seed, CPU); });

        Draw(1); Draw(2); Draw(3);
        Draw(1);            // 1 is now the most recent, 2 the least
        Draw(4);            // evicts 2
        Assert.Equal(4, draws);
        Draw(1); Draw(3); Draw(4);
        Assert.Equal(4, draws);
        Draw(2);
        Assert.Equal(5, draws);
        Assert.Equal(3L * 100 * sizeof(float), cache.Bytes);

        // An alias taken before its entry is dropped keeps its values.
        var held = Draw(1);
        cache.Clear();
        Assert.True(held.eq(SeededProjection.Rademacher(10, 10, 1, CPU)).all().item<bool>());
        Draw(1); Draw(2); Draw(3);

        var big = cache.Rademacher(40, 10, seed: 8, CPU);   // 1600 bytes > 1200
        Assert.True(big.eq(SeededProjection.Rademacher(40, 10, 8, CPU)).all().item<bool>());
        Assert.Equal(3L * 100 * sizeof(float), cache.Bytes);
    }
}
