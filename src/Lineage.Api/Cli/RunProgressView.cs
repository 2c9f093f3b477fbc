using Lineage.Domain.Runs;
using Lineage.Domain.Stages;
using Marten;
using Spectre.Console;

namespace Lineage.Api.Cli;

/// <summary>Polls a run's status document and shows one progress bar per stage until it seals or fails.</summary>
public static class RunProgressView
{
    public static async Task<RunStatus?> WaitAsync(IDocumentStore store, string runId, TimeSpan timeout)
    {
        RunStatus? status = null;
        var deadline = DateTime.UtcNow + timeout;
        await AnsiConsole.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
            .StartAsync(async ctx =>
            {
                var bars = new Dictionary<string, ProgressTask>();
                ProgressTask Bar(string name) => bars.TryGetValue(name, out var b) ? b : bars[name] = ctx.AddTask(name);
                while (DateTime.UtcNow < deadline)
                {
                    await using (var session = store.QuerySession())
                        status = await session.LoadAsync<RunStatus>(runId);
                    if (status is not null)
                    {
                        foreach (var stage in StageTable.All)
                            if (stage.Progress(status) is double done) Bar(stage.Name).Value = 100 * done;
                        if (status.VersionId is not null || status.State == RunState.Failed) break;
                    }
                    await Task.Delay(250);
                }
            });
        return status;
    }
}
