namespace Lineage.Api.Tests.EndToEnd;

/// <summary>
/// The paper's rules as Lineage issue 10 states them, written here from that statement alone (no Lineage code), so
/// a run's recorded decisions can be checked against an implementation that shares nothing with the one that made
/// them. Answers are compared as strings: the scripted teacher's answers are plain integers.
/// </summary>
internal static class OfficialRules
{
    /// <summary>The content of the last complete \boxed{…}, or null; an answer over 300 characters counts as none.</summary>
    public static string? Answer(string output)
    {
        string? last = null;
        for (var at = output.IndexOf("\\boxed{", StringComparison.Ordinal); at >= 0; at = output.IndexOf("\\boxed{", at + 1, StringComparison.Ordinal))
        {
            int depth = 0, start = at + "\\boxed{".Length;
            for (var i = start - 1; i < output.Length; i++)
            {
                if (output[i] == '{') depth++;
                else if (output[i] == '}' && --depth == 0)
                {
                    last = output[start..i].Trim();
                    break;
                }
            }
        }
        return last is { Length: > 300 } ? null : last;
    }

    /// <summary>
    /// Which samples the vote keeps: an answer passes with a count of at least ⌊n·0.5⌋, every answer tied for the top
    /// count (missing answers counted as one group) is kept with all its solutions; a missing answer never is.
    /// </summary>
    public static bool[] Vote(IReadOnlyList<string?> answers)
    {
        var threshold = answers.Count / 2;
        var counts = answers.Where(a => a is not null).GroupBy(a => a!).ToDictionary(g => g.Key, g => g.Count());
        var top = Math.Max(answers.Count(a => a is null), counts.Count == 0 ? 0 : counts.Values.Max());
        return answers.Select(a => a is not null && counts[a] == top && counts[a] >= threshold).ToArray();
    }

    /// <summary>K = ⌊0.1·n⌋ (at least one cluster).</summary>
    public static int K(int n) => Math.Max(1, (int)Math.Floor(0.1 * n));

    /// <summary>The size at rank ⌊K·0.5⌋ of the sorted sizes, and whether no cluster is below it (then every cluster accepts).</summary>
    public static (int Threshold, bool Fallback) Sparse(IReadOnlyList<int> sizes)
    {
        var sorted = sizes.Order().ToArray();
        var threshold = sorted[Math.Min(sorted.Length / 2, sorted.Length - 1)];
        return (threshold, sizes.All(s => s >= threshold));
    }

    /// <summary>First k rows as centroids; 20 rounds of assign (highest cosine, lowest index on ties) then normalised sums.</summary>
    public static (int[] Labels, int[] Sizes, double[][] Centroids) KMeans(double[][] rows, int k, int iterations = 20)
    {
        var unit = rows.Select(Unit).ToArray();
        var centroids = unit.Take(k).Select(r => (double[])r.Clone()).ToArray();
        var labels = new int[unit.Length];
        for (var it = 0; it < iterations; it++)
        {
            for (var i = 0; i < unit.Length; i++) labels[i] = Nearest(unit[i], centroids);
            var sums = Enumerable.Range(0, k).Select(_ => new double[unit[0].Length]).ToArray();
            for (var i = 0; i < unit.Length; i++)
                for (var j = 0; j < unit[i].Length; j++) sums[labels[i]][j] += unit[i][j];
            centroids = sums.Select(Unit).ToArray();
        }
        var sizes = new int[k];
        foreach (var l in labels) sizes[l]++;
        return (labels, sizes, centroids);
    }

    public static int Nearest(double[] row, double[][] centroids)
    {
        var best = 0;
        var bestCos = double.NegativeInfinity;
        for (var c = 0; c < centroids.Length; c++)
        {
            var cos = 0.0;
            for (var j = 0; j < row.Length; j++) cos += row[j] * centroids[c][j];
            if (cos > bestCos) (best, bestCos) = (c, cos);
        }
        return best;
    }

    private static double[] Unit(double[] v)
    {
        var norm = Math.Sqrt(v.Sum(x => x * x));
        return norm == 0 ? new double[v.Length] : v.Select(x => x / norm).ToArray();
    }
}
