using System.Globalization;
using Lineage.Proxy.Models;
using static TorchSharp.torch;

namespace Lineage.Api.Cli;

/// <summary>
/// The engines' verbs: they read files and compute, so they build no host and need neither PostgreSQL nor
/// RabbitMQ. Exit codes are the engines' own (0 done, 1 input unusable, 2 folder unreadable) and 64 for a
/// malformed command line. <c>--device auto|cpu|cuda</c> (default cpu: the references were computed on a
/// CPU, and its results are bit-reproducible) and <c>--threads N</c> (torch intra-op threads) apply to all.
/// </summary>
public static class EngineCommands
{
    public static Task<int> ProxyCheckAsync(string[] args) => Run(args, "proxy-check <folder>", 1, (positional, _, device) =>
        ProxyCheck.Run(positional[0], Console.Out, device));

    public static Task<int> GVendiAsync(string[] args) => Run(args, "gvendi <file.safetensors>", 1, (positional, _, device) =>
        MatrixCommands.GVendi(positional[0], Console.Out, device));

    public static Task<int> KMeansAsync(string[] args) => Run(args, "kmeans <file.safetensors> --k K --seed S", 1, (positional, options, device) =>
    {
        var k = options.TryGetValue("--k", out var text) ? Number(text, "--k") : throw new UsageException("--k K is required");
        var seed = options.TryGetValue("--seed", out var seedText)
            ? long.TryParse(seedText, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var s) ? s : throw new UsageException("--seed must be an integer")
            : 0;
        return MatrixCommands.KMeans(positional[0], k, seed, Console.Out, device);
    });

    private static Task<int> Run(string[] args, string usage, int required,
        Func<IReadOnlyList<string>, IReadOnlyDictionary<string, string>, Device, int> command)
    {
        try
        {
            var (positional, options) = Parse(args);
            if (positional.Count < required) throw new UsageException("missing argument");
            if (options.TryGetValue("--threads", out var threads)) set_num_threads(Number(threads, "--threads"));
            var device = ProxyDevice.Resolve(options.GetValueOrDefault("--device", "cpu"));
            return Task.FromResult(command(positional, options, device));
        }
        catch (Exception e) when (e is UsageException or ArgumentException or NotSupportedException)
        {
            Console.Error.WriteLine($"error: {e.Message}");
            Console.Error.WriteLine($"usage: lineage {usage} [--device auto|cpu|cuda] [--threads N]");
            return Task.FromResult(64);
        }
    }

    private static int Number(string text, string what) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0
            ? n
            : throw new UsageException($"{what}: '{text}' is not a positive integer");

    /// <summary>Arguments starting with <c>--</c> take the next one (or <c>=value</c>) as their value; the rest are positional.</summary>
    private static (List<string> Positional, Dictionary<string, string> Options) Parse(string[] args)
    {
        var positional = new List<string>();
        var options = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < args.Length; i++)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal))
            {
                positional.Add(args[i]);
                continue;
            }
            var eq = args[i].IndexOf('=');
            if (eq > 0) options[args[i][..eq]] = args[i][(eq + 1)..];
            else if (i + 1 < args.Length) options[args[i]] = args[++i];
            else throw new UsageException($"{args[i]} needs a value");
        }
        return (positional, options);
    }

    private sealed class UsageException(string message) : Exception(message);
}
