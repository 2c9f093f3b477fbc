using Lineage.Api.Hosting;

namespace Lineage.Api.Cli;

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
