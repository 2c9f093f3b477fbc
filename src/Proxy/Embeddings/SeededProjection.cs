using static TorchSharp.torch;

namespace Lineage.Proxy.Embeddings;

/// <summary>
/// Random ±1 (Rademacher) projections that are never stored: every block of the matrix is
/// regenerated on demand from a torch generator seeded by (seed, block id), on the device
/// that uses it. The same seed therefore gives the same projection in every process (on
/// the CPU bit for bit; a CUDA generator draws a different, equally valid stream).
/// </summary>
public static class SeededProjection
{
    /// <summary>Rows of the implicit matrix generated per block in <see cref="Project"/>.</summary>
    public const int ChunkRows = 4096;

    /// <summary>SplitMix64 finaliser over the inputs: well-spread 64-bit seeds from small ids.</summary>
    public static long Mix(long seed, long a, long b = 0)
    {
        ulong z = (ulong)seed;
        foreach (ulong v in new[] { (ulong)a, (ulong)b })
        {
            z += 0x9E3779B97F4A7C15UL ^ v;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            z ^= z >> 31;
        }
        // torch generators take non-negative seeds.
        return (long)(z & 0x7FFF_FFFF_FFFF_FFFFUL);
    }

    /// <summary>A stable id for a name (string.GetHashCode is randomised per process).</summary>
    public static long NameId(string name)
    {
        ulong h = 14695981039346656037UL;
        foreach (char c in name)
        {
            h ^= c;
            h *= 1099511628211UL;
        }
        return (long)(h & 0x7FFF_FFFF_FFFF_FFFFUL);
    }

    /// <summary>A [rows, cols] matrix of ±1 from one seeded generator.</summary>
    public static Tensor Rademacher(long rows, long cols, long seed, Device device, ScalarType dtype = ScalarType.Float32)
    {
        using var scope = NewDisposeScope();
        return (Bits(rows, cols, seed, device, dtype) * 2 - 1).MoveToOuterDisposeScope();
    }

    // Drawing one random integer per entry costs ~30 ns on a CPU core; drawing 31-bit words
    // and unpacking their bits is several times cheaper, and the projection cost of exact
    // mode is almost all generation.
    private const int BitsPerWord = 31;

    /// <summary>A [rows, cols] matrix of 0/1 values (in <paramref name="dtype"/>) from one seeded generator.</summary>
    public static Tensor Bits(long rows, long cols, long seed, Device device, ScalarType dtype = ScalarType.Float32)
    {
        using var scope = NewDisposeScope();
        long count = rows * cols;
        long words = (count + BitsPerWord - 1) / BitsPerWord;
        using var generator = new Generator((ulong)seed, device);
        var drawn = randint(0, 1L << BitsPerWord, [words, 1], ScalarType.Int32, device, generator: generator);
        var shifts = arange(BitsPerWord, ScalarType.Int32, device).view(1, BitsPerWord);
        var bits = drawn.bitwise_right_shift(shifts).bitwise_and(1).view(-1).narrow(0, 0, count).view(rows, cols);
        return bits.to_type(dtype).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// x [B, D] times an implicit ±1 matrix [D, d]: rows of the matrix are produced in blocks
    /// of <see cref="ChunkRows"/>, block k seeded from (seed, k), and accumulated, so memory is
    /// one block regardless of D. Not scaled.
    /// </summary>
    public static Tensor Project(Tensor x, int dimension, long seed) => Project(x, dimension, seed, cache: null);

    /// <summary>
    /// <see cref="Project(Tensor, int, long)"/>, its blocks taken from <paramref name="cache"/> (kept as
    /// bytes, widened into one reused block) when given: the same bits, so the same result.
    /// </summary>
    public static Tensor Project(Tensor x, int dimension, long seed, SeededMatrixCache? cache)
    {
        using var scope = NewDisposeScope();
        long rows = x.shape[1];
        var result = zeros([x.shape[0], dimension], x.dtype, x.device);
        var widened = cache is null ? null : empty([Math.Min(ChunkRows, rows), dimension], x.dtype, x.device);
        for (long start = 0, block = 0; start < rows; start += ChunkRows, block++)
        {
            using var blockScope = NewDisposeScope();
            long count = Math.Min(ChunkRows, rows - start);
            // x·(2B − 1) = 2·x·B − rowsum(x): saves two passes over the block.
            var slice = x.narrow(1, start, count);
            var bits = cache is null
                ? Bits(count, dimension, Mix(seed, block), x.device, x.dtype)
                : widened!.narrow(0, 0, count).copy_(cache.Bits(count, dimension, Mix(seed, block), x.device));
            result.add_(slice.matmul(bits).mul_(2).sub_(slice.sum(1, keepdim: true)));
        }
        return result.MoveToOuterDisposeScope();
    }
}
