using System.Globalization;
using Lineage.Api.Cli;
using Lineage.Proxy.Safetensors;
using static TorchSharp.torch;

namespace Lineage.Api.Tests.Cli;

[Trait("Category", "Unit")]
public sealed class the_matrix_verbs : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("lineage-diversity-").FullName;

    [Fact]
    public void gvendi_prints_the_score_of_the_one_matrix_in_the_file()
    {
        string path = Write("vectors.safetensors", ("anything", Rows(StandardBasis(5, 8))));
        var output = new StringWriter();

        int code = MatrixCommands.GVendi(path, output);

        Assert.Equal(0, code);
        Assert.Equal(5.0, Value(output, "gvendi"), 6);
        Assert.Contains("tensor anything [5, 8]", output.ToString());
    }

    [Fact]
    public void kmeans_with_one_cluster_prints_n_minus_the_length_of_the_row_sum_as_objective()
    {
        // With K = 1 the centroid is the mean direction, so Σ(1 − cos) = n − |Σ rows|.
        var rows = UnitRows(n: 200, d: 6, seed: 4);
        double norm = Math.Sqrt(Enumerable.Range(0, 6).Sum(j => Math.Pow(rows.Sum(r => r[j]), 2)));
        string path = Write("pool.safetensors",
            ("embeddings", Rows(rows)), ("ids", arange(200, ScalarType.Int64)));
        var output = new StringWriter();

        int code = MatrixCommands.KMeans(path, k: 1, seed: 7, output);

        Assert.Equal(0, code);
        Assert.Equal(200 - norm, Value(output, "objective"), 3);
        Assert.Contains("tensor embeddings [200, 6]", output.ToString());
    }

    [Fact]
    public void both_refuse_files_without_a_usable_matrix_with_exit_code_1()
    {
        string missing = Path.Combine(_folder, "missing.safetensors");
        string twoTensors = Write("two.safetensors", ("a", ones(2, 2)), ("b", ones(2, 2)));
        string cube = Write("cube.safetensors", ("x", ones(2, 2, 2)));
        string integers = Write("ints.safetensors", ("x", ones(new long[] { 2, 2 }, ScalarType.Int32)));

        foreach (string path in new[] { missing, twoTensors, cube, integers })
        {
            var output = new StringWriter();
            Assert.Equal(1, MatrixCommands.GVendi(path, output));
            Assert.StartsWith("error:", output.ToString());
        }
        var tooMany = new StringWriter();
        Assert.Equal(1, MatrixCommands.KMeans(Write("small.safetensors", ("x", ones(3, 2))), 4, 1, tooMany));
        Assert.Contains("K must not exceed the number of rows", tooMany.ToString());
    }

    // Five orthonormal rows have G-Vendi exactly 5: the first rows of the identity are the plainest such set.
    private static double[][] StandardBasis(int count, int d) =>
        [.. Enumerable.Range(0, count).Select(i => Enumerable.Range(0, d).Select(j => i == j ? 1.0 : 0.0).ToArray())];

    private static double[][] UnitRows(int n, int d, int seed)
    {
        var random = new Random(seed);
        return [.. Enumerable.Range(0, n).Select(_ =>
        {
            var v = Enumerable.Range(0, d).Select(_ => random.NextDouble() * 2 - 1).ToArray();
            var norm = Math.Sqrt(v.Sum(x => x * x));
            return v.Select(x => x / norm).ToArray();
        })];
    }

    private static Tensor Rows(double[][] rows) =>
        tensor(rows.SelectMany(r => r.Select(x => (float)x)).ToArray(), [rows.Length, rows[0].Length], ScalarType.Float32);

    private string Write(string name, params (string Name, Tensor Tensor)[] tensors)
    {
        string path = Path.Combine(_folder, name);
        SafetensorsWriter.Write(path, tensors.ToDictionary(t => t.Name, t => t.Tensor));
        return path;
    }

    private static double Value(StringWriter output, string key) =>
        double.Parse(output.ToString().Split('\n').Single(l => l.StartsWith(key + " ")).Split(' ')[1], CultureInfo.InvariantCulture);

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
