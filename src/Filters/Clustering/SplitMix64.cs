namespace Lineage.Filters.Clustering;

/// <summary>
/// A tiny seeded generator (SplitMix64, Steele et al. 2014). Used instead of
/// <see cref="System.Random"/> so that a 64-bit seed maps to the same stream on every
/// .NET version and can be reproduced outside .NET from its published definition.
/// </summary>
public struct SplitMix64
{
    private ulong _state;

    public SplitMix64(long seed) => _state = unchecked((ulong)seed);

    public ulong NextUInt64()
    {
        unchecked
        {
            ulong z = _state += 0x9E3779B97F4A7C15UL;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            return z ^ (z >> 31);
        }
    }

    /// <summary>Uniform in [0, 1), with 53 random bits.</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>Uniform in [0, exclusiveMax); rejection sampling keeps it unbiased.</summary>
    public long NextInt64(long exclusiveMax)
    {
        if (exclusiveMax <= 0) throw new ArgumentOutOfRangeException(nameof(exclusiveMax));
        ulong bound = (ulong)exclusiveMax;
        ulong limit = ulong.MaxValue - ulong.MaxValue % bound;
        ulong r;
        do { r = NextUInt64(); } while (r >= limit);
        return (long)(r % bound);
    }
}
