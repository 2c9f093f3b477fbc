using Lineage.Filters.Diversity;
using Lineage.Filters.Tests.Clustering;
using static TorchSharp.torch;

namespace Lineage.Filters.Tests.Diversity;

[Trait("Category", "Unit")]
public class g_vendi
{
    [Fact]
    public void of_n_copies_of_one_vector_is_1()
    {
        var v = SphereData.Unit([0.3, -1, 2, 0.5, 0, 1.5, -0.7, 0.1]);
        using var x = SphereData.ToTensor(Enumerable.Repeat(v, 50).ToArray());
        Assert.Equal(1.0, GVendi.Score(x), 9);
    }

    [Fact]
    public void of_n_orthonormal_vectors_is_n()
    {
        var basis = Orthonormal(count: 6, d: 10, seed: 4);
        using var x = SphereData.ToTensor(basis);
        Assert.Equal(6.0, GVendi.Score(x), 6);
    }

    [Fact]
    public void of_two_orthogonal_groups_is_the_exponential_of_their_binary_entropy()
    {
        var basis = Orthonormal(count: 2, d: 7, seed: 1);
        var rows = Enumerable.Repeat(basis[0], 30).Concat(Enumerable.Repeat(basis[1], 10)).ToArray();
        using var x = SphereData.ToTensor(rows);
        double p = 0.75, q = 0.25;
        Assert.Equal(Math.Exp(-p * Math.Log(p) - q * Math.Log(q)), GVendi.Score(x), 6);
    }

    [Fact]
    public void equals_the_vendi_score_of_the_cosine_kernel_computed_independently()
    {
        // XᵀX/n (d×d) and XXᵀ/n (n×n, the Vendi kernel) share their non-zero eigenvalues; the
        // reference takes the kernel route in plain doubles with a Jacobi eigen-solver.
        var rows = SphereData.Uniform(n: 30, d: 12, seed: 17);
        var kernel = new double[30, 30];
        for (int i = 0; i < 30; i++)
            for (int j = 0; j < 30; j++) kernel[i, j] = SphereData.Dot(rows[i], rows[j]) / 30;
        var eigen = Jacobi.Eigenvalues(kernel);
        double expected = Math.Exp(-eigen.Where(l => l > 1e-12).Sum(l => l * Math.Log(l)));

        using var x = SphereData.ToTensor(rows);
        Assert.Equal(expected, GVendi.Score(x), 4);
        Assert.InRange(expected, 5, 12);
    }

    [Fact]
    public void ignores_row_lengths_and_chunk_size()
    {
        var rows = SphereData.Uniform(n: 100, d: 9, seed: 3);
        using var x = SphereData.ToTensor(rows);
        using var scale = rand(100, 1) * 5 + 0.1;
        using var scaled = x * scale;

        double reference = GVendi.Score(x);
        Assert.Equal(reference, GVendi.Score(scaled, chunkRows: 7), 5);
        Assert.Equal(1.0, GVendi.Eigenvalues(x, chunkRows: 13).Sum(), 6);
    }

    [Fact]
    public void scores_each_group_on_its_own_in_ordinal_key_order()
    {
        var basis = Orthonormal(count: 4, d: 6, seed: 2);
        var rows = new[] { basis[0], basis[1], basis[0], basis[2], basis[0], basis[3] };
        string[] keys = ["b", "a", "b", "a", "b", "a"];
        using var x = SphereData.ToTensor(rows);

        var groups = GVendi.ByGroup(x, keys);

        Assert.Equal(["a", "b"], groups.Select(g => g.Group));
        Assert.Equal([3L, 3L], groups.Select(g => g.Count));
        Assert.Equal(3.0, groups[0].GVendi, 6);
        Assert.Equal(1.0, groups[1].GVendi, 6);
    }

    [Fact]
    public void refuses_a_row_of_zeros()
    {
        using var x = zeros(3, 4);
        Assert.Throws<ArgumentException>(() => GVendi.Score(x));
    }

    internal static double[][] Orthonormal(int count, int d, int seed)
    {
        var random = new Random(seed);
        var basis = new List<double[]>();
        while (basis.Count < count)
        {
            var v = SphereData.Gaussian(random, d);
            foreach (var b in basis)
            {
                double dot = SphereData.Dot(v, b);
                for (int j = 0; j < d; j++) v[j] -= dot * b[j];
            }
            basis.Add(SphereData.Unit(v));
        }
        return basis.ToArray();
    }
}
