using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using Lineage.Filters.Clustering;
using Lineage.Filters.Diversity;
using Lineage.Proxy.Embeddings;
using Lineage.Proxy.Models;
using static TorchSharp.torch;

namespace Lineage.Bench.GpuCheck;

/// <summary>
/// The .NET side of scripts/gpu-check.sh, in one process: proxy-check of the hf-golden fixtures on the device, exact
/// and fast gradient embeddings of a Qwen2.5-0.5B-shaped model (random weights), the paper's first-K cosine k-means
/// and G-Vendi, each timed after a warm-up. Data comes from the device's seeded generator, as the PyTorch reference
/// draws it, so results can be compared as well as timed. Writes one JSON (with the reference's figures and the
/// ratios when it is given one) and prints a markdown summary.
/// </summary>
public static class GpuCheckBenchmark
{
    public static int Run(GpuCheckSettings s, TextWriter output)
    {
        var preloaded = CudaNatives.Preload();
        var device = ProxyDevice.Resolve(s.Device);
        var result = new JsonObject
        {
            ["smoke"] = s.Smoke,
            ["device"] = device.ToString(),
            ["cudaAvailable"] = cuda.is_available(),
            ["libtorchCuda"] = preloaded,
            ["threads"] = get_num_threads(),
        };
        var failures = 0;

        var checks = new JsonArray();
        foreach (var folder in s.Fixtures)
        {
            var text = new StringWriter();
            var watch = Stopwatch.StartNew();
            var code = ProxyCheck.Run(folder, text, device);
            checks.Add(new JsonObject { ["fixture"] = Path.GetFileName(folder), ["exitCode"] = code, ["seconds"] = watch.Elapsed.TotalSeconds, ["output"] = text.ToString() });
            if (code != 0) failures++;
            output.WriteLine($"proxy-check {Path.GetFileName(folder)} on {device}: exit {code}");
        }
        result["proxyCheck"] = checks;

        result["embeddings"] = Embeddings(s, device, output);
        result["kmeans"] = KMeans(s, device, output);
        result["gvendi"] = GVendiOf(s, device, output);

        if (s.Reference is { } reference && File.Exists(reference))
        {
            var theirs = JsonNode.Parse(File.ReadAllText(reference))!.AsObject();
            result["reference"] = theirs.DeepClone();
            result["ratios"] = Ratios(result, theirs);
        }
        else result["reference"] = null;
        result["referenceNote"] = s.ReferenceNote;
        result["ok"] = failures == 0;
        File.WriteAllText(s.Output, result.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
        output.WriteLine($"wrote {s.Output}");
        return failures == 0 ? 0 : 1;
    }

    public static CausalLMConfig ShapeOf(string name) => name switch
    {
        // Qwen2.5-0.5B-Instruct's config.json: 24 layers, hidden 896, 14 heads of 64 with 2 KV heads, SwiGLU 4864, tied embeddings.
        "qwen2.5-0.5b" => new CausalLMConfig
        {
            Family = ModelFamily.Qwen2, VocabSize = 151_936, HiddenSize = 896, IntermediateSize = 4864, NumHiddenLayers = 24,
            NumAttentionHeads = 14, NumKeyValueHeads = 2, HeadDim = 64, RmsNormEps = 1e-6, Rope = new RopeSettings(1_000_000.0),
            TieWordEmbeddings = true, MaxPositionEmbeddings = 32_768,
        },
        "tiny" => new CausalLMConfig
        {
            Family = ModelFamily.Qwen2, VocabSize = 1024, HiddenSize = 64, IntermediateSize = 176, NumHiddenLayers = 2,
            NumAttentionHeads = 4, NumKeyValueHeads = 2, HeadDim = 16, RmsNormEps = 1e-6, Rope = new RopeSettings(1_000_000.0),
            TieWordEmbeddings = true, MaxPositionEmbeddings = 1024,
        },
        _ => throw new ArgumentException($"shape '{name}' is not qwen2.5-0.5b or tiny"),
    };

    private static JsonObject Embeddings(GpuCheckSettings s, Device device, TextWriter output)
    {
        var config = ShapeOf(s.Shape);
        using var model = new CausalLM(config, device, ProxyDevice.ResolveDType(s.DType));
        using (var noGrad = no_grad())
        using (var generator = new Generator((ulong)s.Seed, device))
            foreach (var (name, p) in model.NamedParameters())
            {
                if (name.EndsWith("norm.weight", StringComparison.Ordinal)) p.fill_(1.0);
                else p.normal_(0, 0.02, generator);
            }
        long parameters = model.parameters().Sum(p => p.numel());
        var random = new Random(unchecked((int)s.Seed) + 17);
        ProxyExample Example() => new(Enumerable.Range(0, s.Tokens).Select(_ => (long)random.Next(config.VocabSize)).ToArray(), s.Tokens / 4);
        var result = new JsonObject
        {
            ["shape"] = s.Shape, ["parameters"] = parameters, ["dtype"] = s.DType, ["tokens"] = s.Tokens, ["promptTokens"] = s.Tokens / 4,
            ["dimension"] = s.Dimension,
        };
        foreach (var (mode, count) in new[] { (GradientEmbeddingMode.Exact, s.ExactExamples), (GradientEmbeddingMode.Fast, s.FastExamples) })
        {
            var options = new GradientEmbedderOptions
            {
                Mode = mode, Dimension = s.Dimension, Seed = s.Seed,
                // As the embed stage sizes it: full float32 gradients held at once stay within 4 GiB.
                ProjectionBatch = (int)Math.Clamp((1L << 30) / parameters, 1, 64),
            };
            var embedder = new GradientEmbedder(model, options);
            var data = Enumerable.Range(0, count).Select(_ => Example()).ToArray();
            embedder.Embed(data.Take(Math.Min(2, count)).ToArray()); // warm-up: kernels, allocator
            Synchronize(device);
            var watch = Stopwatch.StartNew();
            embedder.Embed(data);
            Synchronize(device);
            var seconds = watch.Elapsed.TotalSeconds;
            result[mode == GradientEmbeddingMode.Exact ? "exact" : "fast"] = new JsonObject
            {
                ["examples"] = count, ["seconds"] = seconds, ["examplesPerSecond"] = count / seconds, ["projectionBatch"] = options.ProjectionBatch,
            };
            output.WriteLine($"embeddings {mode} ({s.Shape}, {parameters:N0} parameters, {s.DType}, {s.Tokens} tokens): {count / seconds:F2} examples/s");
        }
        return result;
    }

    /// <summary>Unit rows drawn by the device's generator from <paramref name="seed"/>: randn, then row-normalised, as the reference draws them.</summary>
    private static Tensor UnitRows(long n, long d, long seed, Device device)
    {
        using var generator = new Generator((ulong)seed, device);
        using var x = randn([n, d], ScalarType.Float32, device, generator: generator);
        return nn.functional.normalize(x, p: 2, dim: 1);
    }

    private static JsonObject KMeans(GpuCheckSettings s, Device device, TextWriter output)
    {
        using var scope = NewDisposeScope();
        var x = UnitRows(s.KMeansRows, s.KMeansDimension, s.Seed + 1, device);
        using (FirstKKMeans.Fit(x.narrow(0, 0, Math.Min(x.shape[0], 4096L)), Math.Min(s.KMeansK, 16), 1, s.KMeansChunk, device)) { } // warm-up
        Synchronize(device);
        var watch = Stopwatch.StartNew();
        using var result = FirstKKMeans.Fit(x, s.KMeansK, s.KMeansIterations, s.KMeansChunk, device);
        Synchronize(device);
        var seconds = watch.Elapsed.TotalSeconds;
        var nonEmpty = result.Sizes.Count(z => z > 0);
        output.WriteLine($"k-means first-k {s.KMeansRows:N0} × {s.KMeansDimension}, K {s.KMeansK:N0}, {s.KMeansIterations} iterations: {seconds:F1} s");
        return new JsonObject
        {
            ["rows"] = s.KMeansRows, ["dimension"] = s.KMeansDimension, ["k"] = s.KMeansK, ["iterations"] = s.KMeansIterations,
            ["chunkRows"] = s.KMeansChunk, ["seconds"] = seconds, ["objective"] = result.Objective, ["nonEmptyClusters"] = nonEmpty,
            ["largestCluster"] = result.Sizes.Max(),
        };
    }

    private static JsonObject GVendiOf(GpuCheckSettings s, Device device, TextWriter output)
    {
        using var scope = NewDisposeScope();
        var x = UnitRows(s.GVendiRows, s.GVendiDimension, s.Seed + 2, device);
        GVendi.Score(x.narrow(0, 0, Math.Min(x.shape[0], 1024L)), device: device);
        Synchronize(device);
        var watch = Stopwatch.StartNew();
        var score = GVendi.Score(x, device: device);
        Synchronize(device);
        var seconds = watch.Elapsed.TotalSeconds;
        output.WriteLine($"G-Vendi {s.GVendiRows:N0} × {s.GVendiDimension}: {score:F2} in {seconds:F2} s");
        return new JsonObject { ["rows"] = s.GVendiRows, ["dimension"] = s.GVendiDimension, ["seconds"] = seconds, ["value"] = score };
    }

    /// <summary>Reference time ÷ Lineage time per measurement (above 1: Lineage is faster), where both are there.</summary>
    private static JsonObject Ratios(JsonObject ours, JsonObject theirs)
    {
        double? Seconds(JsonNode? node, params string[] path)
        {
            foreach (var p in path) node = node?[p];
            return node?.GetValueKind() == JsonValueKind.Number ? node.GetValue<double>() : null;
        }
        double? PerExample(JsonNode? root, string mode) =>
            Seconds(root, "embeddings", mode, "seconds") is { } t && Seconds(root, "embeddings", mode, "examples") is { } n && n > 0 ? t / n : null;
        double? Ratio(double? reference, double? lineage) => reference is { } r && lineage is { } l && l > 0 ? r / l : null;
        var referencePerExample = PerExample(theirs, "exact");
        return new JsonObject
        {
            // The reference is one loop (one example per backward, the same blocked ±1 projection) for both modes.
            ["embeddingsExact"] = Ratio(referencePerExample, PerExample(ours, "exact")),
            ["embeddingsFast"] = Ratio(referencePerExample, PerExample(ours, "fast")),
            ["kmeans"] = Ratio(Seconds(theirs, "kmeans", "seconds"), Seconds(ours, "kmeans", "seconds")),
            ["gvendi"] = Ratio(Seconds(theirs, "gvendi", "seconds"), Seconds(ours, "gvendi", "seconds")),
            ["gvendiValueDifference"] = Seconds(theirs, "gvendi", "value") is { } a && Seconds(ours, "gvendi", "value") is { } b ? Math.Abs(a - b) : null,
            ["kmeansObjectiveDifference"] = Seconds(theirs, "kmeans", "objective") is { } c && Seconds(ours, "kmeans", "objective") is { } e ? Math.Abs(c - e) : null,
        };
    }

    private static void Synchronize(Device device)
    {
        if (device.type == TorchSharp.DeviceType.CUDA) cuda.synchronize(device);
    }
}
