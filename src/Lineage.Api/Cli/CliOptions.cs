using System.CommandLine;
using Lineage.Proxy.Models;
using static TorchSharp.torch;

namespace Lineage.Api.Cli;

/// <summary>Options and arguments several verbs share, with their validation, for <c>lineage</c> and <c>lineage-bench</c>.</summary>
public static class CliOptions
{
    public static Option<int> Positive(string name, int fallback, string description) =>
        Checked(new Option<int>(name) { Description = description, DefaultValueFactory = _ => fallback });

    public static Argument<int> PositiveArgument(string name, int fallback, string description) =>
        Checked(new Argument<int>(name) { Description = description, DefaultValueFactory = _ => fallback, Arity = ArgumentArity.ZeroOrOne });

    public static Option<long> Seed(long fallback) =>
        new("--seed") { Description = $"the run's seed (default {fallback})", DefaultValueFactory = _ => fallback };

    /// <summary><c>--device auto|cpu|cuda</c>; cpu by default: the references were computed on a CPU, and its results are bit-reproducible.</summary>
    public static Option<string> Device() => new Option<string>("--device")
    {
        Description = "where tensors live: auto, cpu or cuda",
        DefaultValueFactory = _ => "cpu",
    }.AcceptOnlyFromAmong("auto", "cpu", "cuda");

    public static Option<int?> Threads() => new("--threads") { Description = "torch intra-op threads" };

    /// <summary>Applies <c>--threads</c> and resolves <c>--device</c>.</summary>
    public static Device Engine(ParseResult result, Option<string> device, Option<int?> threads)
    {
        if (result.GetValue(threads) is int n and > 0) set_num_threads(n);
        return ProxyDevice.Resolve(result.GetValue(device)!);
    }

    private static T Checked<T>(T symbol) where T : Symbol
    {
        switch (symbol)
        {
            case Option<int> option:
                option.Validators.Add(r => { if (r.GetValueOrDefault<int>() <= 0) r.AddError($"{option.Name} must be a positive integer"); });
                break;
            case Argument<int> argument:
                argument.Validators.Add(r => { if (r.GetValueOrDefault<int>() <= 0) r.AddError($"{argument.Name} must be a positive integer"); });
                break;
        }
        return symbol;
    }
}
