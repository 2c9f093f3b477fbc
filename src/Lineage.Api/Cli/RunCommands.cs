using Lineage.Api.Diversity;
using Lineage.Api.Messaging;
using Lineage.Api.Runs;
using Lineage.Domain.Runs;
using Lineage.Domain.Stages;
using Marten;

namespace Lineage.Api.Cli;

/// <summary>
/// Verbs that trigger work from a shell, as HTTP and schedules do: start a run of a defined pipeline, send one
/// stage's command, recluster a pipeline's pool or record its diversity report. They start a host that consumes
/// nothing: the stages run on whichever workers (or API hosts) consume their queues.
/// </summary>
public static class RunCommands
{
    /// <summary><c>lineage run &lt;pipeline&gt;</c>: starts a run, and with <paramref name="wait"/> follows it to its seal.</summary>
    public static async Task<int> RunAsync(string pipeline, long seed, string? label, bool wait, TimeSpan timeout, string[] hostArgs)
    {
        await using var app = CliHost.Build(HostArgs(hostArgs));
        var launch = await app.Services.GetRequiredService<RunLauncher>().StartAsync(pipeline, seed, label, null, CancellationToken.None);
        if (launch is null)
        {
            Console.Error.WriteLine($"no pipeline named '{pipeline}': define it with PUT /pipelines");
            return 2;
        }
        Console.WriteLine($"run {launch.RunId} ({(launch.Started ? "started" : "already started")}), seed {seed}");
        if (!wait) return 0;
        var status = await RunProgressView.WaitAsync(app.Services.GetRequiredService<IDocumentStore>(), launch.RunId, timeout);
        if (status?.VersionId is { } version)
        {
            Console.WriteLine($"sealed version {version}, manifest {status.ManifestHash}");
            return 0;
        }
        Console.Error.WriteLine(status is null ? $"run {launch.RunId} did not report within {timeout}" : $"run {launch.RunId} ended {status.State}");
        foreach (var f in status?.Failures ?? []) Console.Error.WriteLine($"  {f.Stage} r{f.Round} b{f.Batch}: {f.ExceptionType}: {f.Message}");
        return 1;
    }

    /// <summary><c>lineage stage &lt;runId&gt; &lt;stage&gt;</c>: sends that stage's command.</summary>
    public static async Task<int> StageAsync(string runId, string stage, int? round, int? batch, string[] hostArgs)
    {
        var errors = new Dictionary<string, string[]>();
        var command = StageCommands.Create(stage, runId, round, batch, errors);
        if (command is null)
        {
            foreach (var (field, messages) in errors) Console.Error.WriteLine($"{field}: {string.Join(" ", messages)}");
            return 2;
        }
        await using var app = CliHost.Build(HostArgs(hostArgs));
        await using (var session = app.Services.GetRequiredService<IDocumentStore>().QuerySession())
            if (await session.Events.FetchStreamStateAsync(RunIds.Streams.Run(runId)) is null)
            {
                Console.Error.WriteLine($"no run with id '{runId}'");
                return 2;
            }
        await app.StartAsync();
        await app.Services.GetRequiredService<StageDispatcher>().SendAsync(command);
        Console.WriteLine($"sent {command.GetType().Name} for run {runId} to {StageTable.Of(command).Name}");
        await app.StopAsync();
        return 0;
    }

    /// <summary><c>lineage pool recluster|report &lt;pipeline&gt;</c>: a pool job now, in this process.</summary>
    public static async Task<int> PoolAsync(bool recluster, string pipeline, long seed, string[] hostArgs)
    {
        await using var app = CliHost.Build(HostArgs(hostArgs));
        var (found, recorded, detail) = recluster
            ? await app.Services.GetRequiredService<PoolReclustering>().RunAsync(pipeline, seed, "cli", CancellationToken.None, new IterationLines()) is { } r
                ? (true, r.Recorded, $"clustering {r.ClusteringId ?? "-"}: {r.Detail}")
                : (false, false, "")
            : await app.Services.GetRequiredService<PoolDiversity>().ReportAsync(pipeline, "cli", CancellationToken.None) is { } d
                ? (true, d.Recorded, $"version {d.VersionId ?? "-"}: {d.Detail}")
                : (false, false, "");
        if (!found)
        {
            Console.Error.WriteLine($"no pipeline named '{pipeline}'");
            return 2;
        }
        Console.WriteLine($"{(recorded ? "recorded" : "nothing recorded")}: {detail}");
        return 0;
    }

    /// <summary>One line per k-means iteration on stderr, so a long reclustering shows it is moving.</summary>
    private sealed class IterationLines : IProgress<Filters.Clustering.KMeansProgress>
    {
        public void Report(Filters.Clustering.KMeansProgress p) =>
            Console.Error.WriteLine(p.Iteration == 0
                ? $"k-means seeded: objective {p.Objective:0.0000} ({p.Elapsed.TotalSeconds:0.0} s)"
                : $"k-means iteration {p.Iteration}: objective {p.Objective:0.0000}, {p.PointsReassigned} reassigned, {p.EmptyClustersReseeded} reseeded ({p.Elapsed.TotalSeconds:0.0} s)");
    }

    /// <summary>The host of a trigger verb listens on no fixed port: it only sends.</summary>
    private static string[] HostArgs(string[] hostArgs) => ["--urls", "http://127.0.0.1:0", .. hostArgs];
}
