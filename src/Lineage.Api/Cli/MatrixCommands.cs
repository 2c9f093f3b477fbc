using Lineage.Filters.Clustering;
using Lineage.Filters.Diversity;
using Lineage.Proxy.Safetensors;
using static TorchSharp.torch;

namespace Lineage.Api.Cli;

/// <summary>
/// Library side of the CLI verbs <c>gvendi</c> and <c>kmeans</c>: each reads one float matrix
/// (rows are vectors) from a safetensors file and prints its result. Exit codes: 0 done,
/// 1 the input could not be used (the message says why).
/// </summary>
public static class MatrixCommands
{
    /// <summary>The tensor read when a file holds several.</summary>
    public const string PreferredTensorName = "embeddings";

    private static readonly ScalarType[] FloatTypes =
        [ScalarType.Float16, ScalarType.BFloat16, ScalarType.Float32, ScalarType.Float64];

    public static int GVendi(string safetensorsPath, TextWriter output, Device? device = null)
    {
        using var scope = NewDisposeScope();
        if (!TryReadMatrix(safetensorsPath, output, device, out var x, out string name)) return 1;
        output.WriteLine($"tensor {name} [{x.shape[0]}, {x.shape[1]}]");
        try
        {
            output.WriteLine($"gvendi {Lineage.Filters.Diversity.GVendi.Score(x):R}");
        }
        catch (ArgumentException e)
        {
            output.WriteLine($"error: {safetensorsPath}: {e.Message}");
            return 1;
        }
        return 0;
    }

    public static int KMeans(string path, int k, long seed, TextWriter output, Device? device = null)
    {
        using var scope = NewDisposeScope();
        if (!TryReadMatrix(path, output, device, out var x, out string name)) return 1;
        output.WriteLine($"tensor {name} [{x.shape[0]}, {x.shape[1]}]");
        KMeansResult result;
        try
        {
            result = CosineKMeans.Fit(x, new KMeansOptions { K = k, Seed = seed });
        }
        catch (ArgumentException e)
        {
            output.WriteLine($"error: {path}: {e.Message}");
            return 1;
        }
        using (result)
        {
            output.WriteLine($"k {k} seed {seed} init k-means++");
            output.WriteLine($"objective {result.Objective:R}");
            output.WriteLine($"mean cosine {1 - result.Objective / x.shape[0]:F6}");
            output.WriteLine($"iterations {result.Iterations} converged {(result.Converged ? "true" : "false")}");
            ClusterSizeHistogram.From(result.Sizes).WriteTo(output);
        }
        return 0;
    }

    private static bool TryReadMatrix(string path, TextWriter output, Device? device, out Tensor matrix, out string name)
    {
        matrix = null!;
        name = "";
        SafetensorsFile file;
        try
        {
            file = SafetensorsFile.Open(path);
        }
        catch (Exception e) when (e is FileNotFoundException or InvalidDataException)
        {
            output.WriteLine($"error: {e.Message}");
            return false;
        }
        using (file)
        {
            if (file.Names.Count == 1) name = file.Names[0];
            else if (file.Contains(PreferredTensorName)) name = PreferredTensorName;
            else
            {
                output.WriteLine($"error: {path} holds {file.Names.Count} tensors ({string.Join(", ", file.Names)}); " +
                                 $"expected one, or one named '{PreferredTensorName}'");
                return false;
            }
            var info = file.Info(name);
            if (info.Shape.Count != 2 || !FloatTypes.Contains(info.ScalarType))
            {
                output.WriteLine($"error: {path}: tensor '{name}' is {info.ScalarType} [{string.Join(", ", info.Shape)}]; " +
                                 "expected a floating-point matrix");
                return false;
            }
            matrix = file.ReadTensor(name, device, ScalarType.Float32);
            return true;
        }
    }
}
