using System.CommandLine;
using Lineage.Api.Cli;

namespace Lineage.Bench.GpuCheck;

/// <summary><c>lineage-bench gpu-check [--smoke] [sizes…]</c>: the adapter from parsed options to <see cref="GpuCheckBenchmark"/>.</summary>
public static class GpuCheckCommand
{
    public static Command Create()
    {
        var d = new GpuCheckSettings();
        var smoke = new Option<bool>("--smoke") { Description = "tiny sizes on the CPU (seconds), for tests and machines without a GPU" };
        var device = new Option<string>("--device") { Description = "cuda, cuda:N or cpu", DefaultValueFactory = _ => d.Device };
        var fixtures = new Option<string[]>("--fixture") { Description = "an hf-golden folder to proxy-check (repeatable)", AllowMultipleArgumentsPerToken = true };
        var shape = new Option<string>("--shape") { Description = "qwen2.5-0.5b or tiny", DefaultValueFactory = _ => d.Shape };
        var dtype = new Option<string>("--dtype") { Description = "bfloat16 or float32", DefaultValueFactory = _ => d.DType };
        var tokens = CliOptions.Positive("--tokens", d.Tokens, "tokens per embedded example");
        var exact = CliOptions.Positive("--exact-examples", d.ExactExamples, "examples embedded in exact mode");
        var fast = CliOptions.Positive("--fast-examples", d.FastExamples, "examples embedded in fast mode");
        var dimension = CliOptions.Positive("--dimension", d.Dimension, "projection dimension");
        var kRows = CliOptions.Positive("--kmeans-rows", d.KMeansRows, "k-means points");
        var kDim = CliOptions.Positive("--kmeans-dimension", d.KMeansDimension, "k-means dimension");
        var k = CliOptions.Positive("--kmeans-k", d.KMeansK, "clusters");
        var iterations = CliOptions.Positive("--kmeans-iterations", d.KMeansIterations, "assign-then-update rounds");
        var chunk = CliOptions.Positive("--kmeans-chunk", d.KMeansChunk, "rows per assignment chunk");
        var gRows = CliOptions.Positive("--gvendi-rows", d.GVendiRows, "G-Vendi rows");
        var gDim = CliOptions.Positive("--gvendi-dimension", d.GVendiDimension, "G-Vendi dimension");
        var reference = new Option<string?>("--reference") { Description = "the PyTorch reference's JSON, merged in with ratios" };
        var note = new Option<string?>("--reference-note") { Description = "why there is no reference" };
        var output = new Option<string>("--out") { Description = "the JSON written", DefaultValueFactory = _ => d.Output };
        var command = new Command("gpu-check", "proxy-check, exact/fast embeddings of a Qwen2.5-0.5B shape, first-K k-means and G-Vendi on one device, as one JSON (scripts/gpu-check.sh)")
        {
            smoke, device, fixtures, shape, dtype, tokens, exact, fast, dimension, kRows, kDim, k, iterations, chunk, gRows, gDim, reference, note, output,
        };
        command.SetAction(r =>
        {
            var settings = new GpuCheckSettings
            {
                Device = r.GetValue(device)!, Fixtures = r.GetValue(fixtures) ?? [], Shape = r.GetValue(shape)!, DType = r.GetValue(dtype)!,
                Tokens = r.GetValue(tokens), ExactExamples = r.GetValue(exact), FastExamples = r.GetValue(fast), Dimension = r.GetValue(dimension),
                KMeansRows = r.GetValue(kRows), KMeansDimension = r.GetValue(kDim), KMeansK = r.GetValue(k), KMeansIterations = r.GetValue(iterations),
                KMeansChunk = r.GetValue(chunk), GVendiRows = r.GetValue(gRows), GVendiDimension = r.GetValue(gDim),
                Reference = r.GetValue(reference), ReferenceNote = r.GetValue(note), Output = r.GetValue(output)!,
            };
            return GpuCheckBenchmark.Run(r.GetValue(smoke) ? GpuCheckSettings.SmokeSizes(settings) : settings, Console.Out);
        });
        return command;
    }
}
