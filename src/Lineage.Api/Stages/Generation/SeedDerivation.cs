using System.Buffers.Binary;
using Lineage.Domain.Hashing;

namespace Lineage.Api.Stages.Generation;

/// <summary>Per-example seeds derived from the run seed and the example's coordinates, never from a clock.</summary>
public static class SeedDerivation
{
    public static long For(long runSeed, int round, int batch, int index)
    {
        var hex = Sha256Hex.Of($"{runSeed}/{round}/{batch}/{index}");
        return BinaryPrimitives.ReadInt64BigEndian(Convert.FromHexString(hex[..16])) & long.MaxValue;
    }

    /// <summary>The seed of a round-level stage (e.g. the pool clustering of a round), fixed by the run seed.</summary>
    public static long ForStage(long runSeed, string stage, int round)
    {
        var hex = Sha256Hex.Of($"{runSeed}/{stage}/{round}");
        return BinaryPrimitives.ReadInt64BigEndian(Convert.FromHexString(hex[..16])) & long.MaxValue;
    }

    /// <summary>A uniform draw in [0, 1) fixed by the seed.</summary>
    public static double Unit(long seed, string purpose)
    {
        var hex = Sha256Hex.Of($"{seed}/{purpose}");
        return (BinaryPrimitives.ReadUInt64BigEndian(Convert.FromHexString(hex[..16])) >> 11) / (double)(1UL << 53);
    }
}
