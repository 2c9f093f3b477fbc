using Lineage.Filters.Clustering.Rows;
using static TorchSharp.torch;

namespace Lineage.Filters.Clustering;

/// <summary>
/// Gives clusters that attracted no rows a new centroid: the rows farthest from their own
/// centroid (lowest cosine, ties by row index), one per empty cluster in cluster order.
/// A row that sits on its centroid (within <see cref="KMeansSeeding.CoincidentGap"/>) or on a
/// row already used in this round is skipped, since it would only make a copy of an existing
/// centroid. A cluster for which no such row exists keeps its centroid and stays empty.
/// </summary>
internal static class EmptyClusterReseeder
{
    /// <returns>How many clusters got a new centroid.</returns>
    public static int Reseed(IRowSource unitRows, Tensor cosines, IReadOnlyList<long> emptyClusters, Tensor centroids)
    {
        if (emptyClusters.Count == 0) return 0;
        using var scope = NewDisposeScope();
        float[] cos;
        using (var cpu = cosines.cpu()) cos = cpu.data<float>().ToArray();
        var order = new int[cos.Length];
        for (int i = 0; i < order.Length; i++) order[i] = i;
        Array.Sort(order, (a, b) => cos[a] != cos[b] ? cos[a].CompareTo(cos[b]) : a.CompareTo(b));

        var used = new List<long>();
        int position = 0;
        int reseeded = 0;
        foreach (long cluster in emptyClusters)
        {
            long pick = -1;
            while (position < order.Length)
            {
                int row = order[position++];
                if (1.0 - cos[row] <= KMeansSeeding.CoincidentGap)
                {
                    position = order.Length; // sorted ascending: every later row sits on its centroid too
                    break;
                }
                if (!CoincidesWithAny(unitRows, row, used)) { pick = row; break; }
            }
            if (pick < 0) break;
            used.Add(pick);
            centroids[cluster].copy_(unitRows.Row(pick));
            reseeded++;
        }
        return reseeded;
    }

    private static bool CoincidesWithAny(IRowSource rows, long row, List<long> used)
    {
        if (used.Count == 0) return false;
        using var scope = NewDisposeScope();
        var others = rows.Gather(used);
        double closest = others.mv(rows.Row(row)).max().item<float>();
        return 1.0 - closest <= KMeansSeeding.CoincidentGap;
    }
}
