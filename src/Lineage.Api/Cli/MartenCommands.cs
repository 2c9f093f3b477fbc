using JasperFx;
using Lineage.Api.Hosting;

namespace Lineage.Api.Cli;

/// <summary>Marten's own command line (projection rebuilds, schema apply) over the Lineage store.</summary>
public static class MartenCommands
{
    public static async Task<int> RunAsync(string[] args)
    {
        var app = LineageHost.Build([], o =>
        {
            o.Stages = ["none"];
            o.Schedules = false;
        });
        return await app.RunJasperFxCommands(args);
    }
}
