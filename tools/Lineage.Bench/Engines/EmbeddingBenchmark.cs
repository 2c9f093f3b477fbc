using System.Diagnostics;
using Lineage.Proxy.Embeddings;
using Lineage.Proxy.Models;
using static TorchSharp.torch;

namespace Lineage.Bench.Engines;

/// <summary>
/// Throughput of gradient embeddings (fast vs exact) and of generation (KV cache vs none) on
/// the CPU, printed as markdown tables. Not a test: numbers depend on the machine and its load.
/// Models are randomly initialised from a seed (speed does not depend on the weights).
/// </summary>
public static class EmbeddingBenchmark
{
    public sealed record Shape(string Name, CausalLMConfig Config);

    /// <summary>The fixture's tiny Qwen2 shape, and a 2–3M-parameter Qwen2.</summary>
    public static IReadOnlyList<Shape> Shapes { get; } =
    [
        new("tiny Qwen2 (fixture shape)", QwenShape(vocab: 1024, hidden: 64, intermediate: 176, layers: 2, heads: 4, kvHeads: 2)),
        new("small Qwen2", QwenShape(vocab: 4096, hidden: 256, intermediate: 704, layers: 2, heads: 8, kvHeads: 4)),
    ];

    public static void Run(TextWriter output, int examples = 64, int tokens = 256, int newTokens = 128, long seed = 0)
    {
        output.WriteLine($"CPU: {Environment.ProcessorCount} logical cores, torch threads {get_num_threads()}, " +
                         $"{examples} examples of {tokens} tokens (prompt {tokens / 4}), d = 1024");
        PeakMemory.Reset();
        output.WriteLine($"Resident memory before any model (runtime + libtorch): {PeakMemory.MiB():F0} MiB");
        output.WriteLine();
        // CPU seconds of the whole process beside wall-clock rates: on a shared machine the wall clock
        // also counts time spent waiting for a core, the CPU time much less so.
        output.WriteLine("| model | parameters | mode | examples/s | CPU s | peak RSS (MiB) |");
        output.WriteLine("| --- | ---: | --- | ---: | ---: | ---: |");
        var ratios = new List<string>();
        foreach (var shape in Shapes)
        {
            using var model = Random(shape.Config, seed);
            long parameters = model.parameters().Sum(p => p.numel());
            var data = Examples(examples, tokens, shape.Config.VocabSize, seed);
            var measured = new Dictionary<GradientEmbeddingMode, (double Rate, double Cpu)>();
            foreach (var mode in new[] { GradientEmbeddingMode.Fast, GradientEmbeddingMode.Exact })
            {
                // Each mode's peak should be its own: exact mode does not hold fast mode's cached matrices.
                SeededMatrixCache.Shared.Clear();
                var embedder = new GradientEmbedder(model, new GradientEmbedderOptions { Mode = mode, Seed = seed });
                // Warm-up: first-call allocations and JIT, and fast mode's seeded matrices, which a worker
                // embedding batch after batch with one seed and model keeps (SeededMatrixCache).
                embedder.Embed(data.Take(2).ToArray());
                PeakMemory.Reset();
                var cpu = Process.GetCurrentProcess().TotalProcessorTime;
                var watch = Stopwatch.StartNew();
                embedder.Embed(data);
                double rate = data.Length / watch.Elapsed.TotalSeconds;
                double cpuSeconds = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds;
                measured[mode] = (rate, cpuSeconds);
                output.WriteLine($"| {shape.Name} | {parameters:N0} | {mode} | {rate:F1} | {cpuSeconds:F1} | {PeakMemory.MiB():F0} |");
            }
            var (fast, exact) = (measured[GradientEmbeddingMode.Fast], measured[GradientEmbeddingMode.Exact]);
            ratios.Add($"{shape.Name}: fast ÷ exact {fast.Rate / exact.Rate:F1}× by examples/s, {exact.Cpu / fast.Cpu:F1}× by CPU time");
        }
        output.WriteLine();
        foreach (var ratio in ratios) output.WriteLine(ratio);

        output.WriteLine();
        output.WriteLine($"| model | batch | KV cache | new tokens/s ({newTokens} new tokens, prompt 32) |");
        output.WriteLine("| --- | ---: | --- | ---: |");
        foreach (var shape in Shapes)
        {
            using var model = Random(shape.Config, seed);
            foreach (int batch in new[] { 1, 8 })
            {
                var prompts = Examples(batch, 32, shape.Config.VocabSize, seed + 1).Select(e => (IReadOnlyList<long>)e.Ids).ToArray();
                foreach (bool cache in new[] { true, false })
                {
                    var options = GenerationOptions.Greedy(newTokens) with { UseCache = cache };
                    model.Generate(prompts, options with { MaxNewTokens = 2 });
                    var watch = Stopwatch.StartNew();
                    var outputs = model.Generate(prompts, options);
                    long produced = outputs.Sum(o => o.Length) - prompts.Sum(p => p.Count);
                    output.WriteLine($"| {shape.Name} | {batch} | {(cache ? "yes" : "no")} | {produced / watch.Elapsed.TotalSeconds:F0} |");
                }
            }
        }
    }

    private static CausalLMConfig QwenShape(int vocab, int hidden, int intermediate, int layers, int heads, int kvHeads) => new()
    {
        Family = ModelFamily.Qwen2,
        VocabSize = vocab,
        HiddenSize = hidden,
        IntermediateSize = intermediate,
        NumHiddenLayers = layers,
        NumAttentionHeads = heads,
        NumKeyValueHeads = kvHeads,
        HeadDim = hidden / heads,
        Rope = new RopeSettings(1_000_000.0),
        TieWordEmbeddings = true,
        MaxPositionEmbeddings = 1024,
    };

    private static CausalLM Random(CausalLMConfig config, long seed)
    {
        var model = new CausalLM(config, CPU);
        using var noGrad = no_grad();
        using var generator = new Generator((ulong)seed, CPU);
        foreach (var (name, p) in model.NamedParameters())
        {
            if (name.EndsWith("norm.weight", StringComparison.Ordinal)) p.fill_(1.0);
            else p.normal_(0, config.InitializerRange, generator);
        }
        return model;
    }

    private static ProxyExample[] Examples(int count, int tokens, int vocab, long seed)
    {
        var random = new Random(unchecked((int)seed) + 17);
        return Enumerable.Range(0, count)
            .Select(_ => new ProxyExample(Enumerable.Range(0, tokens).Select(_ => (long)random.Next(vocab)).ToArray(), tokens / 4))
            .ToArray();
    }

    /// <summary>Peak resident memory of this process; on Linux the peak can be reset between measurements.</summary>
    private static class PeakMemory
    {
        public static void Reset()
        {
            // Dropped tensors (a cleared SeededMatrixCache) free their native memory in finalizers.
            GC.Collect();
            GC.WaitForPendingFinalizers();
            GC.Collect();
            // Writing 5 to clear_refs resets VmHWM (Linux ≥ 4.0); elsewhere the peak is the process lifetime's.
            if (File.Exists("/proc/self/clear_refs")) File.WriteAllText("/proc/self/clear_refs", "5");
        }

        public static double MiB()
        {
            if (File.Exists("/proc/self/status"))
            {
                foreach (var line in File.ReadLines("/proc/self/status"))
                {
                    if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
                    {
                        return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]) / 1024.0;
                    }
                }
            }
            return Process.GetCurrentProcess().PeakWorkingSet64 / (1024.0 * 1024.0);
        }
    }
}
