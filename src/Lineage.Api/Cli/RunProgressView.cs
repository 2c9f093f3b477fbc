using Lineage.Domain.Runs;
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
                        var total = (double)status.Config.Rounds * status.Config.BatchesPerRound;
                        var rounds = status.Rounds;
                        Bar("generate").Value = 100 * rounds.Sum(r => r.GeneratedBatches) / total;
                        Bar("verify").Value = 100 * rounds.Sum(r => r.VerifiedBatches) / total;
                        if (status.Config.Diversity is not null)
                        {
                            Bar("embed").Value = 100 * rounds.Sum(r => r.EmbeddedBatches) / total;
                            Bar("cluster").Value = 100.0 * rounds.Count(r => r.ClusteringId is not null) / status.Config.Rounds;
                        }
                        Bar("filter").Value = 100.0 * rounds.Count(r => r.Filtered) / status.Config.Rounds;
                        Bar("seal").Value = status.VersionId is null ? 0 : 100;
                        if (status.VersionId is not null || status.State == RunState.Failed) break;
                    }
                    await Task.Delay(250);
                }
            });
        return status;
    }
}
