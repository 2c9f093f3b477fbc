using Lineage.Api.Examples;
using Lineage.Api.Hosting;
using Lineage.Api.Versions;
using Lineage.Domain.Examples;
using Marten;

namespace Lineage.Api.Cli;

public static class LookupCommands
{
    public static async Task<int> WhyAsync(string exampleId, string[] hostArgs)
    {
        await using var app = CliHost.Build(hostArgs);
        await using var session = app.Services.GetRequiredService<IDocumentStore>().QuerySession();
        var lineage = await session.LoadAsync<ExampleLineage>(exampleId);
        if (lineage is null)
        {
            Console.Error.WriteLine($"no example with id '{exampleId}'");
            return 2;
        }
        Console.Write(WhyReport.Render(lineage, await WhyReport.ParentAsync(session, lineage, CancellationToken.None)));
        return 0;
    }

    public static async Task<int> RebuildAsync(string versionId, string[] hostArgs)
    {
        await using var app = CliHost.Build(hostArgs);
        var result = await app.Services.GetRequiredService<VersionRebuilder>().RebuildAsync(versionId, CancellationToken.None);
        if (result is null)
        {
            Console.Error.WriteLine($"no version with id '{versionId}'");
            return 2;
        }
        Console.WriteLine($"version      {result.VersionId}");
        Console.WriteLine($"sealed hash  {result.SealedHash}");
        Console.WriteLine($"rebuilt hash {result.RebuiltHash}");
        Console.WriteLine($"examples     {result.ExampleCount} from {result.EventsReplayed} events in {result.ElapsedMs:0} ms");
        Console.WriteLine(result.Matches ? "match: the events reproduce the sealed version" : "MISMATCH: the events do not reproduce the sealed version");
        return result.Matches ? 0 : 1;
    }
}
