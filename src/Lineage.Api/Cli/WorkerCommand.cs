using Lineage.Api.Hosting;

namespace Lineage.Api.Cli;

/// <summary>A worker: consumes the chosen stages, serves no API. <c>--stages embed,cluster</c> on a GPU machine.</summary>
public static class WorkerCommand
{
    public static async Task<int> RunAsync(string[] args)
    {
        var stages = Option(args, "--stages");
        var app = LineageHost.Build(Without(args, "--stages"), o =>
        {
            if (stages is not null) o.Stages = [stages];
            o.Schedules = false;
            o.Api = false;
        });
        await app.RunAsync();
        return 0;
    }

    /// <summary>The arguments minus <paramref name="name"/> and its value, for the host's own parser.</summary>
    public static string[] Without(string[] args, string name)
    {
        var rest = new List<string>();
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i] == name) { i++; continue; }
            if (args[i].StartsWith(name + "=", StringComparison.Ordinal)) continue;
            rest.Add(args[i]);
        }
        return [.. rest];
    }

    public static string? Option(string[] args, string name)
    {
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i] == name && i + 1 < args.Length) return args[i + 1];
            if (args[i].StartsWith(name + "=", StringComparison.Ordinal)) return args[i][(name.Length + 1)..];
        }
        return null;
    }
}
