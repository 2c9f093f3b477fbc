using Lineage.Api.Hosting;

namespace Lineage.Api.Cli;

/// <summary>A worker: consumes the chosen stages, serves no API. <c>--stages embed,cluster</c> on a GPU machine.</summary>
public static class WorkerCommand
{
    public static async Task<int> RunAsync(string? stages, string[] hostArgs)
    {
        var app = LineageHost.Build(hostArgs, o =>
        {
            if (stages is not null) o.Stages = [stages];
            o.Schedules = false;
            o.Api = false;
        });
        await app.RunAsync();
        return 0;
    }
}
