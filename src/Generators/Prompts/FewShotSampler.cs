using Lineage.Generators.Procedural;

namespace Lineage.Generators.Prompts;

/// <summary>
/// Picks the k few-shot parents of a generation call deterministically from
/// (seed, index), so a re-run asks with the same examples and lineage can name them.
/// </summary>
public static class FewShotSampler
{
    /// <summary>k distinct positions in [0, poolSize), in the order drawn.</summary>
    public static IReadOnlyList<int> Pick(int poolSize, int k, long seed, int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(k);
        ArgumentOutOfRangeException.ThrowIfLessThan(poolSize, k);
        var rng = new ProblemRng(seed, index);
        // Partial Fisher-Yates over a lazily materialised permutation: O(k) memory.
        var swapped = new Dictionary<int, int>();
        var picks = new int[k];
        for (var i = 0; i < k; i++)
        {
            var j = rng.Next(i, poolSize - 1);
            var atJ = swapped.GetValueOrDefault(j, j);
            swapped[j] = swapped.GetValueOrDefault(i, i);
            picks[i] = atJ;
        }
        return picks;
    }
}
