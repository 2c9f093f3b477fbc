using Lineage.Generators.Procedural;

namespace Lineage.Generators.Prompts;

/// <summary>
/// The paper's draw of few-shot examples: k distinct positions, each draw taking position i with probability
/// proportional to its weight among those not yet drawn (the example's difficulty level), and the k drawn then
/// shuffled so the order of the prompt says nothing about the weights. Deterministic in (seed, index).
/// </summary>
public static class WeightedFewShotSampler
{
    public static IReadOnlyList<int> Pick(IReadOnlyList<double> weights, int k, long seed, int index)
    {
        ArgumentNullException.ThrowIfNull(weights);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(k);
        ArgumentOutOfRangeException.ThrowIfLessThan(weights.Count, k);
        if (weights.Any(w => !(w > 0) || double.IsInfinity(w)))
            throw new ArgumentException("every weight must be positive and finite", nameof(weights));
        var rng = new ProblemRng(seed, index);
        var left = weights.ToArray();
        var total = left.Sum();
        var picks = new List<int>(k);
        for (var draw = 0; draw < k; draw++)
        {
            // A uniform double in [0, total) from the top 53 bits; the cumulative scan lands on the drawn position.
            var u = (rng.NextUInt64() >> 11) * (1.0 / (1UL << 53)) * total;
            var at = -1;
            for (var i = 0; i < left.Length; i++)
            {
                if (left[i] == 0) continue;
                at = i;
                if (u < left[i]) break;
                u -= left[i];
            }
            picks.Add(at);
            total -= left[at];
            left[at] = 0;
        }
        for (var i = picks.Count - 1; i > 0; i--)
        {
            var j = rng.Next(0, i);
            (picks[i], picks[j]) = (picks[j], picks[i]);
        }
        return picks;
    }
}
