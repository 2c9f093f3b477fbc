using static TorchSharp.torch;

namespace Lineage.Proxy.Tests.Embeddings;

/// <summary>Reference statistics computed independently of the code under test, in float64.</summary>
public static class SimilarityMath
{
    /// <summary>Cosine similarity of every unordered pair of rows (upper triangle, row-major).</summary>
    public static double[] PairwiseCosines(Tensor rows)
    {
        using var scope = NewDisposeScope();
        var x = rows.to_type(ScalarType.Float64).cpu();
        x = x / x.norm(1, keepdim: true);
        var gram = x.matmul(x.t());
        long n = gram.shape[0];
        var values = gram.data<double>().ToArray();
        var pairs = new List<double>();
        for (long i = 0; i < n; i++)
        {
            for (long j = i + 1; j < n; j++) pairs.Add(values[i * n + j]);
        }
        return pairs.ToArray();
    }

    public static double Spearman(double[] a, double[] b)
    {
        var ra = Ranks(a);
        var rb = Ranks(b);
        double ma = ra.Average(), mb = rb.Average();
        double cov = 0, va = 0, vb = 0;
        for (int i = 0; i < ra.Length; i++)
        {
            cov += (ra[i] - ma) * (rb[i] - mb);
            va += (ra[i] - ma) * (ra[i] - ma);
            vb += (rb[i] - mb) * (rb[i] - mb);
        }
        return cov / Math.Sqrt(va * vb);
    }

    private static double[] Ranks(double[] values)
    {
        var order = Enumerable.Range(0, values.Length).OrderBy(i => values[i]).ToArray();
        var ranks = new double[values.Length];
        for (int start = 0; start < order.Length;)
        {
            int end = start;
            while (end + 1 < order.Length && values[order[end + 1]] == values[order[start]]) end++;
            double average = (start + end) / 2.0;
            for (int k = start; k <= end; k++) ranks[order[k]] = average;
            start = end + 1;
        }
        return ranks;
    }

    /// <summary>
    /// G-Vendi: exp of the entropy of the eigenvalues of XᵀX/n for unit-normed rows X, computed
    /// from the n×n Gram matrix (same non-zero spectrum), in float64.
    /// </summary>
    public static double GVendi(Tensor rows)
    {
        using var scope = NewDisposeScope();
        var x = rows.to_type(ScalarType.Float64).cpu();
        x = x / x.norm(1, keepdim: true);
        long n = x.shape[0];
        var eigenvalues = linalg.eigvalsh(x.matmul(x.t()) / n).data<double>().ToArray();
        double entropy = 0;
        foreach (double l in eigenvalues)
        {
            if (l > 1e-12) entropy -= l * Math.Log(l);
        }
        return Math.Exp(entropy);
    }
}
