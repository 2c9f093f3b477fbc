using Lineage.Proxy.Safetensors;
using static TorchSharp.torch;

namespace Lineage.Proxy.Models;

/// <summary>
/// Checks this reimplementation against a reference folder written by transformers
/// (config.json, model.safetensors, cases.json, expected.safetensors; see
/// fixtures/hf-golden/README.md): logits, completion-only loss and every
/// parameter's gradient per case, then greedy generation. Prints the worst relative
/// error of each and returns 0 when all are within tolerance and greedy matches, 1 when
/// not, 2 when the folder cannot be read.
/// </summary>
public static class ProxyCheck
{
    public const double LogitsTolerance = 1e-4;
    public const double LossTolerance = 1e-4;
    public const double GradientTolerance = 1e-3;

    public static int Run(string folder, TextWriter output) => Run(folder, output, CPU);

    public static int Run(string folder, TextWriter output, Device device)
    {
        try
        {
            return Check(folder, output, device);
        }
        catch (Exception e) when (e is InvalidDataException or FileNotFoundException or DirectoryNotFoundException
                                      or NotSupportedException or KeyNotFoundException)
        {
            output.WriteLine($"error: {e.Message}");
            return 2;
        }
    }

    private static int Check(string folder, TextWriter output, Device device)
    {
        var cases = ReferenceCases.Load(folder);
        using var model = CausalLM.Load(folder, device);
        using var expected = SafetensorsFile.Open(Path.Combine(folder, "expected.safetensors"));
        output.WriteLine($"{model.Config.Family}: {model.Config.NumHiddenLayers} layers, hidden {model.Config.HiddenSize}, " +
                         $"vocab {model.Config.VocabSize}, {cases.Cases.Count} cases, device {device.type}");

        var logits = new Worst();
        var loss = new Worst();
        var gradients = new Worst();
        for (int i = 0; i < cases.Cases.Count; i++)
        {
            CheckCase(model, expected, cases.Cases[i], i, logits, loss, gradients);
        }

        var eos = ReferenceCases.EosTokenIds(folder);
        int maxNew = cases.GreedyOutput.Length - cases.GreedyPrompt.Length;
        var generated = model.Generate([cases.GreedyPrompt], GenerationOptions.Greedy(maxNew, eos))[0];
        bool greedyMatches = generated.SequenceEqual(cases.GreedyOutput);

        bool ok = logits.Report(output, "logits", LogitsTolerance)
                  & loss.Report(output, "loss", LossTolerance)
                  & gradients.Report(output, "gradients", GradientTolerance);
        output.WriteLine(greedyMatches ? "greedy: match" : "greedy: mismatch");
        if (!greedyMatches)
        {
            output.WriteLine($"  expected {string.Join(' ', cases.GreedyOutput)}");
            output.WriteLine($"  got      {string.Join(' ', generated)}");
        }
        return ok && greedyMatches ? 0 : 1;
    }

    private static void CheckCase(CausalLM model, SafetensorsFile expected, ReferenceCase c, int index,
        Worst logits, Worst loss, Worst gradients)
    {
        using var scope = NewDisposeScope();
        model.zero_grad();
        var batch = TokenBatch.Create([new ProxyExample(c.InputIds, c.PromptLength)], model.Device);
        var actualLogits = model.Forward(batch.Ids);
        var actualLoss = CompletionLoss.PerExample(actualLogits, batch.Labels);

        var referenceLogits = Require(expected, $"case{index}.logits");
        logits.Add(RelativeError(actualLogits[0], referenceLogits), $"case {index}");
        loss.Add(Math.Abs(actualLoss.item<float>() - c.Loss) / Math.Max(Math.Abs(c.Loss), 1e-30), $"case {index}");

        actualLoss.sum().backward();
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (name, parameter) in model.NamedParameters())
        {
            names.Add(name);
            var reference = Require(expected, $"case{index}.grad.{name}");
            gradients.Add(RelativeError(parameter.grad!, reference), $"case {index} {name}");
        }
        // A reference gradient for a parameter the model lacks means the architectures differ.
        string gradPrefix = $"case{index}.grad.";
        foreach (var extra in expected.Names.Where(n => n.StartsWith(gradPrefix, StringComparison.Ordinal)
                                                        && !names.Contains(n[gradPrefix.Length..])))
        {
            gradients.Add(double.PositiveInfinity, $"case {index} {extra[gradPrefix.Length..]} (not a parameter here)");
        }
    }

    private static Tensor Require(SafetensorsFile file, string name) =>
        file.Contains(name)
            ? file.ReadTensor(name, dtype: ScalarType.Float64)
            : throw new InvalidDataException($"{file.Path}: tensor '{name}' is missing");

    /// <summary>‖actual − expected‖ / ‖expected‖ in float64; a shape mismatch is an infinite error.</summary>
    public static double RelativeError(Tensor actual, Tensor expected)
    {
        if (!actual.shape.SequenceEqual(expected.shape)) return double.PositiveInfinity;
        using var scope = NewDisposeScope();
        var a = actual.to_type(ScalarType.Float64).cpu();
        var e = expected.to_type(ScalarType.Float64).cpu();
        double reference = e.norm().item<double>();
        double difference = (a - e).norm().item<double>();
        return reference == 0 ? (difference == 0 ? 0 : double.PositiveInfinity) : difference / reference;
    }

    private sealed class Worst
    {
        private double _value = -1;
        private string _where = "";

        public void Add(double value, string where)
        {
            if (value > _value || double.IsNaN(value))
            {
                _value = double.IsNaN(value) ? double.PositiveInfinity : value;
                _where = where;
            }
        }

        public bool Report(TextWriter output, string what, double tolerance)
        {
            bool ok = _value <= tolerance;
            output.WriteLine($"{what}: worst relative error {_value:E3} ({_where}), tolerance {tolerance:E0} {(ok ? "ok" : "EXCEEDED")}");
            return ok;
        }
    }
}
