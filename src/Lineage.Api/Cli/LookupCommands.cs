using Lineage.Api.Examples;
using Lineage.Api.Hosting;
using Lineage.Api.Versions;
using Lineage.Domain.Examples;
using Marten;

namespace Lineage.Api.Cli;

public static class LookupCommands
{
    public static async Task<int> WhyAsync(string[] args)
    {
        if (args.Length < 1) return Usage("why <exampleId>");
        await using var app = CliHost.Build(args[1..]);
        await using var session = app.Services.GetRequiredService<IDocumentStore>().QuerySession();
        var lineage = await session.LoadAsync<ExampleLineage>(args[0]);
        if (lineage is null)
        {
            Console.Error.WriteLine($"no example with id '{args[0]}'");
            return 2;
        }
        Console.Write(WhyReport.Render(lineage));
        return 0;
    }

    public static async Task<int> RebuildAsync(string[] args)
    {
        if (args.Length < 1) return Usage("rebuild <versionId>");
        await using var app = CliHost.Build(args[1..]);
        var result = await app.Services.GetRequiredService<VersionRebuilder>().RebuildAsync(args[0], CancellationToken.None);
        if (result is null)
        {
            Console.Error.WriteLine($"no version with id '{args[0]}'");
            return 2;
        }
        Console.WriteLine($"version      {result.VersionId}");
        Console.WriteLine($"sealed hash  {result.SealedHash}");
        Console.WriteLine($"rebuilt hash {result.RebuiltHash}");
        Console.WriteLine($"examples     {result.ExampleCount} from {result.EventsReplayed} events in {result.ElapsedMs:0} ms");
        Console.WriteLine(result.Matches ? "match: the events reproduce the sealed version" : "MISMATCH: the events do not reproduce the sealed version");
        return result.Matches ? 0 : 1;
    }

    private static int Usage(string usage)
    {
        Console.Error.WriteLine($"usage: lineage {usage}");
        return 64;
    }
}

/// <summary>A host for verbs that only read the store: no relay, no consumers, no schedules.</summary>
public static class CliHost
{
    public static WebApplication Build(string[] args) => LineageHost.Build(args, o =>
    {
        o.Relay = false;
        o.Stages = ["none"];
        o.Schedules = false;
    }, b => b.Logging.SetMinimumLevel(LogLevel.Warning));
}
