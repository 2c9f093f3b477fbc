namespace Lineage.Filters.Tests.Clustering;

/// <summary>Adjusted Rand index (Hubert and Arabie 1985) from the contingency table.</summary>
internal static class AdjustedRand
{
    public static double Index(IReadOnlyList<long> a, IReadOnlyList<long> b)
    {
        if (a.Count != b.Count) throw new ArgumentException("labelings differ in length");
        var table = new Dictionary<(long, long), long>();
        var rows = new Dictionary<long, long>();
        var columns = new Dictionary<long, long>();
        for (int i = 0; i < a.Count; i++)
        {
            table[(a[i], b[i])] = table.GetValueOrDefault((a[i], b[i])) + 1;
            rows[a[i]] = rows.GetValueOrDefault(a[i]) + 1;
            columns[b[i]] = columns.GetValueOrDefault(b[i]) + 1;
        }
        static double Pairs(long m) => m * (m - 1) / 2.0;
        double index = table.Values.Sum(Pairs);
        double sumA = rows.Values.Sum(Pairs);
        double sumB = columns.Values.Sum(Pairs);
        double expected = sumA * sumB / Pairs(a.Count);
        double max = (sumA + sumB) / 2;
        return max == expected ? 1.0 : (index - expected) / (max - expected);
    }
}
