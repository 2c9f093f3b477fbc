using Lineage.Api.Examples;
using Lineage.Api.Hosting;
using Lineage.Api.Runs;
using Lineage.Api.Versions;
using Lineage.Domain.Examples;
using Lineage.Domain.Pipelines;
using Lineage.Domain.Runs;
using Lineage.Domain.Versions;
using Marten;
using Spectre.Console;

namespace Lineage.Api.Cli;

/// <summary>
/// The main job on embedded defaults: defines the demo pipeline, starts a run, lets the in-process
/// worker take every stage through RabbitMQ, waits for the sealed version, then explains it.
/// </summary>
public static class DemoCommand
{
    public const string Pipeline = "demo";

    public static PipelineConfig DefaultConfig() => new()
    {
        Rounds = 1,
        BatchesPerRound = 12,
        BatchSize = 250,
        Length = new LengthBounds { MinChars = 150, MaxChars = 1200 },
    };

    public static async Task<int> RunAsync(string[] args)
    {
        var seed = long.TryParse(WorkerCommand.Option(args, "--seed"), out var s) ? s : 42;
        var timeout = TimeSpan.FromMinutes(int.TryParse(WorkerCommand.Option(args, "--timeout-minutes"), out var t) ? t : 20);
        await using var app = LineageHost.Build(
            ["--urls", "http://127.0.0.1:0", .. WorkerCommand.Without(WorkerCommand.Without(args, "--seed"), "--timeout-minutes")],
            o => o.Schedules = false,
            b => b.Logging.SetMinimumLevel(LogLevel.Warning));
        await app.StartAsync();

        var launcher = app.Services.GetRequiredService<RunLauncher>();
        var store = app.Services.GetRequiredService<IDocumentStore>();
        var config = DefaultConfig();
        await launcher.DefineAsync(Pipeline, config, CancellationToken.None);
        var launch = await launcher.StartAsync(Pipeline, seed, null, null, CancellationToken.None)
            ?? throw new InvalidOperationException("the demo pipeline was not defined");
        AnsiConsole.MarkupLine($"run [bold]{launch.RunId}[/] ({(launch.Started ? "started" : "already exists, resuming")}), seed {seed}, " +
                               $"{config.BatchesPerRound * config.BatchSize * config.Rounds} candidates");

        var status = await RunProgressView.WaitAsync(store, launch.RunId, timeout);
        if (status is null || status.State == RunState.Failed || status.VersionId is null)
        {
            AnsiConsole.MarkupLine("[red]the run did not complete[/]");
            foreach (var f in status?.Failures ?? []) AnsiConsole.WriteLine($"  {f.Stage} r{f.Round} b{f.Batch}: {f.ExceptionType}: {f.Message}");
            await app.StopAsync();
            return 1;
        }

        await using var session = store.QuerySession();
        var version = (await session.LoadAsync<DatasetVersion>(status.VersionId))!.Sealed;
        AnsiConsole.MarkupLine($"\n[green]sealed version[/] [bold]{version.VersionId}[/]");
        AnsiConsole.WriteLine($"manifest hash  {version.ManifestHash}");
        AnsiConsole.WriteLine($"generated {version.Generated}, kept {version.Kept}, dropped {version.Dropped}");
        foreach (var (rule, count) in version.DroppedByRule) AnsiConsole.WriteLine($"  dropped by {rule,-16} {count}");
        foreach (var (metric, value) in version.Metrics) AnsiConsole.WriteLine($"  {metric} {value:0.000}");

        var kept = await session.Query<ExampleLineage>().Where(x => x.RunId == launch.RunId && x.Outcome == Decision.Kept && x.Origin == "generated")
            .OrderBy(x => x.Id).Take(1).ToListAsync();
        var dropped = await session.Query<ExampleLineage>().Where(x => x.RunId == launch.RunId && x.Outcome == Decision.Dropped)
            .OrderBy(x => x.Rule).ThenBy(x => x.Id).ToListAsync();
        AnsiConsole.WriteLine();
        foreach (var x in kept) Console.WriteLine(WhyReport.Render(x));
        // One dropped example per rule, so every kind of decision is shown once.
        foreach (var x in dropped.GroupBy(d => d.Rule).Select(g => g.First())) Console.WriteLine(WhyReport.Render(x));

        var rebuild = await app.Services.GetRequiredService<VersionRebuilder>().RebuildAsync(version.VersionId, CancellationToken.None);
        AnsiConsole.MarkupLine(rebuild!.Matches
            ? $"[green]rebuild from {rebuild.EventsReplayed} events reproduces the manifest hash[/] ({rebuild.ElapsedMs:0} ms)"
            : $"[red]rebuild hash {rebuild.RebuiltHash} differs from the sealed {rebuild.SealedHash}[/]");
        await app.StopAsync();
        return rebuild.Matches ? 0 : 1;
    }
}
