namespace Lineage.Filters.Tests.Clustering;

/// <summary>
/// An independent spherical k-means in plain double loops (no TorchSharp), to check the
/// tensor implementation against: assign by highest cosine (ties to the lowest index), set each
/// centroid to its normalised sum, repeat until no row moves or the iteration cap.
/// </summary>
internal static class PlainKMeans
{
    public static (int[] Labels, double Objective, int Iterations) Run(double[][] rows, double[][] initial, int maxIterations)
    {
        var centroids = initial.Select(c => SphereData.Unit(c)).ToArray();
        var (labels, objective) = Assign(rows, centroids);
        int iterations = 0;
        for (int it = 1; it <= maxIterations; it++)
        {
            int d = rows[0].Length;
            var sums = centroids.Select(_ => new double[d]).ToArray();
            var counts = new int[centroids.Length];
            for (int i = 0; i < rows.Length; i++)
            {
                counts[labels[i]]++;
                for (int j = 0; j < d; j++) sums[labels[i]][j] += rows[i][j];
            }
            for (int c = 0; c < centroids.Length; c++)
                if (counts[c] > 0) centroids[c] = SphereData.Unit(sums[c]);
            var (next, nextObjective) = Assign(rows, centroids);
            iterations = it;
            bool same = next.SequenceEqual(labels);
            labels = next;
            objective = nextObjective;
            if (same) break;
        }
        return (labels, objective, iterations);
    }

    public static (int[] Labels, double Objective) Assign(double[][] rows, double[][] centroids)
    {
        var labels = new int[rows.Length];
        double objective = 0;
        for (int i = 0; i < rows.Length; i++)
        {
            double best = double.NegativeInfinity;
            for (int c = 0; c < centroids.Length; c++)
            {
                double cos = SphereData.Dot(rows[i], centroids[c]);
                if (cos > best) { best = cos; labels[i] = c; }
            }
            objective += 1 - best;
        }
        return (labels, objective);
    }
}
