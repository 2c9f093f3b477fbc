using static TorchSharp.torch;

namespace Lineage.Filters.Tests.Clustering;

/// <summary>Test data on the unit sphere, generated in plain C# from a seed.</summary>
internal static class SphereData
{
    /// <summary>
    /// <paramref name="clusters"/> random unit centres; each row is a centre plus Gaussian noise of
    /// per-coordinate standard deviation <paramref name="noise"/>, renormalised. Rows are shuffled so
    /// cluster membership cannot be read off the row order.
    /// </summary>
    public static (double[][] Rows, int[] Truth) Planted(int n, int d, int clusters, double noise, int seed)
    {
        var random = new Random(seed);
        var centres = Enumerable.Range(0, clusters).Select(_ => Unit(Gaussian(random, d))).ToArray();
        var rows = new double[n][];
        var truth = new int[n];
        for (int i = 0; i < n; i++)
        {
            int c = i % clusters;
            var v = Gaussian(random, d);
            for (int j = 0; j < d; j++) v[j] = centres[c][j] + noise * v[j];
            rows[i] = Unit(v);
            truth[i] = c;
        }
        for (int i = n - 1; i > 0; i--)
        {
            int j = random.Next(i + 1);
            (rows[i], rows[j]) = (rows[j], rows[i]);
            (truth[i], truth[j]) = (truth[j], truth[i]);
        }
        return (rows, truth);
    }

    /// <summary>Uniform on the sphere: no structure, so Lloyd iterations have real work to do.</summary>
    public static double[][] Uniform(int n, int d, int seed)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, n).Select(_ => Unit(Gaussian(random, d))).ToArray();
    }

    public static double[] Gaussian(Random random, int d)
    {
        var v = new double[d];
        for (int j = 0; j < d; j++)
        {
            double u1 = 1.0 - random.NextDouble();
            double u2 = random.NextDouble();
            v[j] = Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
        }
        return v;
    }

    public static double[] Unit(double[] v)
    {
        double norm = Math.Sqrt(v.Sum(a => a * a));
        return v.Select(a => a / norm).ToArray();
    }

    public static Tensor ToTensor(double[][] rows)
    {
        int n = rows.Length, d = rows[0].Length;
        var flat = new float[n * d];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < d; j++)
                flat[i * d + j] = (float)rows[i][j];
        return tensor(flat, [n, d], ScalarType.Float32);
    }

    public static double[][] ToRows(Tensor matrix)
    {
        using var cpu = matrix.to_type(ScalarType.Float64).cpu().contiguous();
        var flat = cpu.data<double>().ToArray();
        int n = (int)matrix.shape[0], d = (int)matrix.shape[1];
        return Enumerable.Range(0, n).Select(i => flat.AsSpan(i * d, d).ToArray()).ToArray();
    }

    public static double Dot(double[] a, double[] b)
    {
        double s = 0;
        for (int j = 0; j < a.Length; j++) s += a[j] * b[j];
        return s;
    }
}
