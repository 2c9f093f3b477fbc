using Lineage.Api.EventStore;
using Lineage.Api.Examples;
using Lineage.Api.Hosting;
using Lineage.Api.Runs;
using Lineage.Api.Stages;
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

    /// <summary>
    /// Three rounds of the diversity loop, sized to finish in a few minutes on two cores: 300 GSM8K seeds as
    /// the round-0 pool, 4 × 100 procedural candidates per round, fast gradient embeddings (d = 256) from the
    /// default proxy, decontamination against GSM8K test. Without the fixtures: no seeds, no decontamination.
    /// </summary>
    public static PipelineConfig DefaultConfig() => DefaultConfig(DemoFixtures.Find());

    public static PipelineConfig DefaultConfig(DemoFixtures fixtures) => new()
    {
        Rounds = 3,
        BatchesPerRound = 4,
        BatchSize = 100,
        Length = new LengthBounds { MinChars = 150, MaxChars = 1200 },
        Diversity = new DiversityConfig { Mode = "fast", Dimension = 256, KRatio = 0.1, R = 0.5, Iterations = 20 },
        Seeds = fixtures.Train is { } train ? new SeedPoolConfig { File = train, Limit = 300 } : null,
        Decontamination = fixtures.Test is { } test ? new DecontaminationConfig { Files = [test], N = 13 } : null,
    };

    /// <param name="hostArgs">Settings for the host, e.g. <c>--Lineage:Schema=...</c>.</param>
    public static async Task<int> RunAsync(long seed, TimeSpan timeout, string[] hostArgs)
    {
        await using var app = LineageHost.Build(
            ["--urls", "http://127.0.0.1:0", .. hostArgs],
            o => o.Schedules = false,
            b => b.Logging.SetMinimumLevel(LogLevel.Warning));
        await app.StartAsync();

        var clock = System.Diagnostics.Stopwatch.StartNew();
        var launcher = app.Services.GetRequiredService<RunLauncher>();
        var store = app.Services.GetRequiredService<IDocumentStore>();
        var fixtures = DemoFixtures.Find();
        var config = DefaultConfig(fixtures);
        await launcher.DefineAsync(Pipeline, config, CancellationToken.None);
        var launch = await launcher.StartAsync(Pipeline, seed, null, null, CancellationToken.None)
            ?? throw new InvalidOperationException("the demo pipeline was not defined");
        AnsiConsole.MarkupLine($"run [bold]{launch.RunId}[/] ({(launch.Started ? "started" : "already exists, resuming")}), seed {seed}, " +
                               $"{config.BatchesPerRound * config.BatchSize * config.Rounds} candidates in {config.Rounds} rounds");
        Console.WriteLine(config.Seeds is null
            ? "seed pool: none (fixtures/gsm8k not found); the pool grows from round 1's kept candidates"
            : $"seed pool: {config.Seeds.Limit} problems of {config.Seeds.File}; decontamination against {config.Decontamination?.Files[0] ?? "nothing"}");

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
        foreach (var rule in RulesOf(config)) Console.WriteLine($"  dropped by {rule,-19} {version.DroppedByRule.GetValueOrDefault(rule)}");
        foreach (var (metric, value) in version.Metrics) AnsiConsole.WriteLine($"  {metric} {value:0.000}");
        var run = await RunReader.LoadAsync(session, launch.RunId, CancellationToken.None);
        if (config.Diversity is not null) await RoundSummary.WriteAsync(session, run, Console.Out, CancellationToken.None);

        var kept = await session.Query<ExampleLineage>().Where(x => x.RunId == launch.RunId && x.Outcome == Decision.Kept && x.Origin == "generated")
            .OrderByDescending(x => x.Round).ThenBy(x => x.Id).Take(1).ToListAsync();
        var dropped = await session.Query<ExampleLineage>().Where(x => x.RunId == launch.RunId && x.Outcome == Decision.Dropped)
            .OrderBy(x => x.Rule).ThenByDescending(x => x.Round).ThenBy(x => x.Id).ToListAsync();
        AnsiConsole.WriteLine();
        foreach (var x in kept) Console.WriteLine(WhyReport.Render(x));
        // The last round's: they show the parents they were generated from. One dropped example per rule, so
        // every kind of decision is shown once.
        foreach (var x in dropped.GroupBy(d => d.Rule).Select(g => g.First())) Console.WriteLine(WhyReport.Render(x));

        var rebuild = await app.Services.GetRequiredService<VersionRebuilder>().RebuildAsync(version.VersionId, CancellationToken.None);
        AnsiConsole.MarkupLine(rebuild!.Matches
            ? $"[green]rebuild from {rebuild.EventsReplayed} events reproduces the manifest hash[/] ({rebuild.ElapsedMs:0} ms)"
            : $"[red]rebuild hash {rebuild.RebuiltHash} differs from the sealed {rebuild.SealedHash}[/]");
        // The stronger proof last: every decision re-derived from its recorded inputs by the stages' own code.
        var audit = (await app.Services.GetRequiredService<Audits.VersionAuditor>().AuditAsync(version.VersionId, CancellationToken.None))!;
        Console.WriteLine();
        Audits.AuditText.WriteSummary(audit, Console.Out);
        Console.WriteLine($"demo finished in {clock.Elapsed.TotalSeconds:0} s");
        foreach (var line in Explorer.ExplorerServeHint.Lines(version.VersionId, hostArgs)) Console.WriteLine(line);
        await app.StopAsync();
        return rebuild.Matches && audit.Clean ? 0 : 1;
    }

    /// <summary>Every rule that can drop an example under <paramref name="config"/>, in the order they run.</summary>
    private static IEnumerable<string> RulesOf(PipelineConfig config)
    {
        yield return "verification";
        yield return Filters.Rules.LengthRule.RuleName;
        if (config.Decontamination is not null) yield return Filters.Rules.DecontaminationRule.RuleName;
        if (config.Deduplicate) yield return Filters.Rules.DuplicateRule.RuleName;
        if (config.Diversity is not null) yield return Filters.Rules.SparseClusterRule.RuleName;
    }
}
