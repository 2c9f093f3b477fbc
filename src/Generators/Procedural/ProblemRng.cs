namespace Lineage.Generators.Procedural;

/// <summary>
/// xoshiro256** seeded through SplitMix64 from (seed, index). Written out here
/// rather than using System.Random because Random's algorithm is unspecified and
/// has changed between .NET versions; a dataset must be rebuildable byte for byte.
/// Each (seed, index) gets its own independent stream, so problem i never depends
/// on how many draws problem i-1 made.
/// </summary>
public sealed class ProblemRng
{
    private ulong _s0, _s1, _s2, _s3;

    public ProblemRng(long seed, int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        var state = Mix(Mix(unchecked((ulong)seed)) + (ulong)index);
        _s0 = SplitMix(ref state);
        _s1 = SplitMix(ref state);
        _s2 = SplitMix(ref state);
        _s3 = SplitMix(ref state);
    }

    private static ulong SplitMix(ref ulong state)
    {
        state = unchecked(state + 0x9E3779B97F4A7C15UL);
        return Mix(state);
    }

    private static ulong Mix(ulong z)
    {
        unchecked
        {
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            return z ^ (z >> 31);
        }
    }

    public ulong NextUInt64()
    {
        unchecked
        {
            var result = ulong.RotateLeft(_s1 * 5, 7) * 9;
            var t = _s1 << 17;
            _s2 ^= _s0;
            _s3 ^= _s1;
            _s1 ^= _s2;
            _s0 ^= _s3;
            _s2 ^= t;
            _s3 = ulong.RotateLeft(_s3, 45);
            return result;
        }
    }

    /// <summary>Uniform integer in [min, max], both inclusive, without modulo bias.</summary>
    public int Next(int min, int max)
    {
        if (max < min) throw new ArgumentOutOfRangeException(nameof(max), $"Empty range [{min}, {max}].");
        var range = (ulong)((long)max - min) + 1;
        // Reject the top sliver of values that would make some residues more likely.
        var limit = ulong.MaxValue - (ulong.MaxValue % range + 1) % range;
        ulong r;
        do { r = NextUInt64(); } while (r > limit);
        return (int)(min + (long)(r % range));
    }

    /// <summary>Uniform non-zero integer in [min, max].</summary>
    public int NextNonZero(int min, int max)
    {
        int value;
        do { value = Next(min, max); } while (value == 0);
        return value;
    }

    public bool NextBool() => (NextUInt64() >> 63) == 1;

    public T Pick<T>(IReadOnlyList<T> items) => items[Next(0, items.Count - 1)];
}
