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
    /// <summary><c>lineage run &lt;pipeline&gt; [--seed N] [--label L] [--wait] [--timeout-minutes M]</c></summary>
    public static async Task<int> RunAsync(string[] args)
    {
        if (args.Length < 1 || args[0].StartsWith("--", StringComparison.Ordinal))
            return Usage("run <pipeline> [--seed N] [--label L] [--wait] [--timeout-minutes M]");
        var seed = long.TryParse(WorkerCommand.Option(args, "--seed"), out var s) ? s : 1;
        var label = WorkerCommand.Option(args, "--label");
        var wait = args.Contains("--wait");
        var timeout = TimeSpan.FromMinutes(int.TryParse(WorkerCommand.Option(args, "--timeout-minutes"), out var t) ? t : 60);
        await using var app = CliHost.Build(HostArgs(args[1..], "--seed", "--label", "--timeout-minutes"));
        var launch = await app.Services.GetRequiredService<RunLauncher>().StartAsync(args[0], seed, label, null, CancellationToken.None);
        if (launch is null)
        {
            Console.Error.WriteLine($"no pipeline named '{args[0]}': define it with PUT /pipelines");
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

    /// <summary><c>lineage stage &lt;runId&gt; &lt;stage&gt; [--round R] [--batch B]</c>: sends that stage's command.</summary>
    public static async Task<int> StageAsync(string[] args)
    {
        if (args.Length < 2) return Usage("stage <runId> <stage> [--round R] [--batch B]");
        var errors = new Dictionary<string, string[]>();
        var round = Int(args, "--round", errors);
        var batch = Int(args, "--batch", errors);
        var command = errors.Count == 0 ? StageCommands.Create(args[1], args[0], round, batch, errors) : null;
        if (command is null)
        {
            foreach (var (field, messages) in errors) Console.Error.WriteLine($"{field}: {string.Join(" ", messages)}");
            return 2;
        }
        await using var app = CliHost.Build(HostArgs(args[2..], "--round", "--batch"));
        await using (var session = app.Services.GetRequiredService<IDocumentStore>().QuerySession())
            if (await session.Events.FetchStreamStateAsync(RunIds.Streams.Run(args[0])) is null)
            {
                Console.Error.WriteLine($"no run with id '{args[0]}'");
                return 2;
            }
        await app.StartAsync();
        await app.Services.GetRequiredService<StageDispatcher>().SendAsync(command);
        Console.WriteLine($"sent {command.GetType().Name} for run {args[0]} to {StageTable.Of(command).Name}");
        await app.StopAsync();
        return 0;
    }

    /// <summary><c>lineage pool recluster|report &lt;pipeline&gt; [--seed S]</c>: a pool job now, in this process.</summary>
    public static async Task<int> PoolAsync(string[] args)
    {
        if (args.Length < 2 || args[0] is not ("recluster" or "report")) return Usage("pool recluster|report <pipeline> [--seed S]");
        var seed = long.TryParse(WorkerCommand.Option(args, "--seed"), out var s) ? s : 1;
        await using var app = CliHost.Build(HostArgs(args[2..], "--seed"));
        var (found, recorded, detail) = args[0] == "recluster"
            ? await app.Services.GetRequiredService<PoolReclustering>().RunAsync(args[1], seed, "cli", CancellationToken.None, new IterationLines()) is { } r
                ? (true, r.Recorded, $"clustering {r.ClusteringId ?? "-"}: {r.Detail}")
                : (false, false, "")
            : await app.Services.GetRequiredService<PoolDiversity>().ReportAsync(args[1], "cli", CancellationToken.None) is { } d
                ? (true, d.Recorded, $"version {d.VersionId ?? "-"}: {d.Detail}")
                : (false, false, "");
        if (!found)
        {
            Console.Error.WriteLine($"no pipeline named '{args[1]}'");
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

    private static int? Int(string[] args, string name, Dictionary<string, string[]> errors)
    {
        var text = WorkerCommand.Option(args, name);
        if (text is null) return null;
        if (int.TryParse(text, out var value) && value >= 0) return value;
        errors[name.TrimStart('-')] = [$"'{text}' is not a whole number ≥ 0."];
        return null;
    }

    /// <summary>The arguments left for the host (its settings) once the verb's own options are taken out.</summary>
    private static string[] HostArgs(string[] args, params string[] options)
    {
        var rest = args.Where(a => a != "--wait").ToArray();
        foreach (var option in options) rest = WorkerCommand.Without(rest, option);
        return ["--urls", "http://127.0.0.1:0", .. rest];
    }

    private static int Usage(string usage)
    {
        Console.Error.WriteLine($"usage: lineage {usage}");
        return 64;
    }
}
