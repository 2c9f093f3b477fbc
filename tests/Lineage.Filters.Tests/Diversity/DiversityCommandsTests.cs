using System.Globalization;
using Lineage.Filters.Diversity;
using Lineage.Filters.Safetensors;
using Lineage.Filters.Tests.Clustering;
using static TorchSharp.torch;

namespace Lineage.Filters.Tests.Diversity;

public sealed class the_diversity_commands : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("lineage-diversity-").FullName;

    [Fact]
    public void gvendi_prints_the_score_of_the_one_matrix_in_the_file()
    {
        string path = Write("vectors.safetensors", ("anything", SphereData.ToTensor(g_vendi.Orthonormal(5, 8, seed: 3))));
        var output = new StringWriter();

        int code = DiversityCommands.GVendi(path, output);

        Assert.Equal(0, code);
        Assert.Equal(5.0, Value(output, "gvendi"), 6);
        Assert.Contains("tensor anything [5, 8]", output.ToString());
    }

    [Fact]
    public void kmeans_with_one_cluster_prints_n_minus_the_length_of_the_row_sum_as_objective()
    {
        // With K = 1 the centroid is the mean direction, so Σ(1 − cos) = n − |Σ rows|.
        var rows = SphereData.Uniform(n: 200, d: 6, seed: 4);
        double norm = Math.Sqrt(Enumerable.Range(0, 6).Sum(j => Math.Pow(rows.Sum(r => r[j]), 2)));
        string path = Write("pool.safetensors",
            ("embeddings", SphereData.ToTensor(rows)), ("ids", arange(200, ScalarType.Int64)));
        var output = new StringWriter();

        int code = DiversityCommands.KMeans(path, k: 1, seed: 7, output);

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
            Assert.Equal(1, DiversityCommands.GVendi(path, output));
            Assert.StartsWith("error:", output.ToString());
        }
        var tooMany = new StringWriter();
        Assert.Equal(1, DiversityCommands.KMeans(Write("small.safetensors", ("x", ones(3, 2))), 4, 1, tooMany));
        Assert.Contains("K must not exceed the number of rows", tooMany.ToString());
    }

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
