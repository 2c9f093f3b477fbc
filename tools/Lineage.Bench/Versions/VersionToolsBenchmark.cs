using System.Diagnostics;
using Lineage.Api.Audits;
using Lineage.Api.Cli;
using Lineage.Api.Diffs;
using Lineage.Api.Forks;
using Lineage.Api.Runs;
using Lineage.Bench.Spine;
using Lineage.Domain.Pipelines;
using Lineage.Domain.Runs;
using Lineage.Domain.Versions;
using Marten;

namespace Lineage.Bench.Versions;

/// <summary>
/// <c>bench versions</c>: on a version produced by the real pipeline (the demo's recipe at a chosen size), the audit's
/// seconds per stage, a fork that changes <c>diversity.r</c>, the diff of the two, and regenerating the forked config as
/// a run of its own, side by side. Needs PostgreSQL and RabbitMQ.
/// </summary>
public static class VersionToolsBenchmark
{
    public sealed record Settings(int Rounds, int Batches, int BatchSize, int Seeds, double ForkR, string Schema, string QueuePrefix);

    public static async Task<int> RunAsync(Settings s, string[] hostArgs)
    {
        var output = Console.Out;
        var fixtures = DemoFixtures.Find();
        var demo = DemoCommand.DefaultConfig(fixtures);
        var config = demo with
        {
            Rounds = s.Rounds, BatchesPerRound = s.Batches, BatchSize = s.BatchSize,
            Seeds = demo.Seeds is { } seeds ? seeds with { Limit = s.Seeds } : null,
        };
        var forked = config with { Diversity = config.Diversity! with { R = s.ForkR } };
        output.WriteLine($"# bench versions, {DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm} UTC");
        output.WriteLine($"\n{s.Rounds} rounds × {s.Batches} batches × {s.BatchSize} candidates, {(config.Seeds is null ? 0 : s.Seeds)} GSM8K seeds, the demo's filters; fork sets diversity.r={s.ForkR}");

        await using var host = SpineBenchmark.Host(hostArgs, s.Schema, s.QueuePrefix, relay: true, stages: "all");
        await host.StartAsync();
        var store = host.Services.GetRequiredService<IDocumentStore>();
        var launcher = host.Services.GetRequiredService<RunLauncher>();

        var (version, produced) = await ProduceAsync(store, launcher, "bench-versions", config);
        output.WriteLine($"\nversion {version.VersionId}: {version.Generated} generated, {version.Kept} kept; {produced:N1} s through the pipeline");

        var audit = (await host.Services.GetRequiredService<VersionAuditor>().AuditAsync(version.VersionId, CancellationToken.None))!;
        output.WriteLine($"\n## Audit of {version.VersionId}: {(audit.Clean ? "clean" : $"{audit.Differences} differences")}, {audit.Seconds:N1} s\n");
        output.WriteLine("| stage | decisions re-derived | different | seconds |");
        output.WriteLine("|---|---:|---:|---:|");
        foreach (var stage in audit.Stages) output.WriteLine($"| {stage.Stage} | {stage.Checked:N0} | {stage.Different} | {stage.Seconds:N2} |");

        var forker = host.Services.GetRequiredService<VersionForker>();
        var set = new Dictionary<string, string> { ["diversity.r"] = s.ForkR.ToString(System.Globalization.CultureInfo.InvariantCulture) };
        var clock = Stopwatch.StartNew();
        var fork = (await forker.ForkAsync(version.VersionId, set, CancellationToken.None)).Result!;
        var forkSeconds = clock.Elapsed.TotalSeconds;
        clock.Restart();
        var again = (await forker.ForkAsync(version.VersionId, set, CancellationToken.None)).Result!;
        var againSeconds = clock.Elapsed.TotalSeconds;
        clock.Restart();
        var diff = (await host.Services.GetRequiredService<VersionDiffer>().DiffAsync(version.VersionId, fork.VersionId, CancellationToken.None))!;
        var diffSeconds = clock.Elapsed.TotalSeconds;
        var (regenerated, regenerateSeconds) = await ProduceAsync(store, launcher, "bench-versions-forked", forked);

        output.WriteLine($"\n## Fork, diff, regenerate\n");
        output.WriteLine("| operation | seconds | result |");
        output.WriteLine("|---|---:|---|");
        output.WriteLine($"| fork (re-decide {fork.Rounds.Count} rounds, seal) | {forkSeconds:N2} | {fork.VersionId}: kept {fork.Sealed.Kept}; re-clustered rounds: {fork.Rounds.Count(r => r.ReclusteredBecause is not null)} |");
        output.WriteLine($"| the same fork again (found) | {againSeconds:N2} | {(again.Created ? "created again (wrong)" : "same version")} |");
        output.WriteLine($"| diff parent → fork | {diffSeconds:N2} | only in parent {diff.Summary.OnlyInA}, only in fork {diff.Summary.OnlyInB}, same {diff.Summary.Same} |");
        output.WriteLine($"| regenerate with r={s.ForkR} (new run) | {regenerateSeconds:N2} | {regenerated.VersionId}: kept {regenerated.Kept} |");
        output.WriteLine($"\nregenerating / forking: **{regenerateSeconds / forkSeconds:N1}×**");
        await host.StopAsync();
        return 0;
    }

    private static async Task<(VersionSealed Version, double Seconds)> ProduceAsync(IDocumentStore store, RunLauncher launcher, string pipeline, PipelineConfig config)
    {
        await launcher.DefineAsync(pipeline, config, CancellationToken.None);
        var clock = Stopwatch.StartNew();
        var launch = (await launcher.StartAsync(pipeline, 1, null, null, CancellationToken.None))!;
        var versionId = RunIds.Version(launch.RunId);
        while (clock.Elapsed < TimeSpan.FromHours(2))
        {
            await using var session = store.QuerySession();
            if (await session.LoadAsync<DatasetVersion>(versionId) is { } v) return (v.Sealed, clock.Elapsed.TotalSeconds);
            var failed = await session.Events.QueryRawEventDataOnly<StageFailed>().Where(e => e.RunId == launch.RunId).FirstOrDefaultAsync();
            if (failed is not null) throw new InvalidOperationException($"run {launch.RunId} failed: {failed.Stage} {failed.ExceptionType}: {failed.Message}");
            await Task.Delay(500);
        }
        throw new TimeoutException($"run {launch.RunId} did not seal within two hours");
    }
}
