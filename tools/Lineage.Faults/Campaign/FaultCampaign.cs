using Lineage.Domain.Pipelines;
using Lineage.Faults.Services;
using Microsoft.Extensions.Logging;

namespace Lineage.Faults.Campaign;

/// <summary>What a campaign does; the defaults are docs/reliability.md's.</summary>
public sealed record CampaignSettings
{
    public required PipelineConfig Config { get; init; }
    public string Pipeline { get; init; } = "faults";
    /// <summary>The run's seed, and the seed the fault plan is drawn from.</summary>
    public long Seed { get; init; } = 42;
    public int Workers { get; init; } = 3;
    public int Kills { get; init; } = 20;
    public int BrokerRestarts { get; init; } = 1;
    public int PostgresRestarts { get; init; } = 1;
    public TimeSpan Outage { get; init; } = TimeSpan.FromSeconds(3);
    public int TorchThreads { get; init; } = 1;
    public TimeSpan Timeout { get; init; } = TimeSpan.FromMinutes(60);
    public LogLevel HostLogLevel { get; init; } = LogLevel.None;
    /// <summary>
    /// Both runs on one data directory, so the faulted run finds the proxy the undisturbed one trained (and the blobs it
    /// wrote, which are content-addressed and identical). Saves the short test a training; the campaign keeps them apart.
    /// </summary>
    public bool ShareDataDirectory { get; init; }
}

/// <summary>Both runs of a campaign and what their event logs hold.</summary>
public sealed record CampaignResult(
    CampaignSettings Settings, IReadOnlyList<PlannedFault> Plan, RunTimeline Timeline,
    RunOutcome Undisturbed, Census UndisturbedCensus, RunOutcome Faulted, Census FaultedCensus, Comparison Comparison)
{
    /// <summary>The goal: nothing lost, nothing duplicated, every stage completed, the same manifest, nothing set aside.</summary>
    public bool Met =>
        Undisturbed.Sealed && Faulted.Sealed && Comparison is { Lost: 0, Extra: 0, Mismatches: 0, IncompleteStages.Count: 0, ManifestsMatch: true }
        && FaultedCensus.DuplicateCopies == 0 && UndisturbedCensus.DuplicateCopies == 0
        && Faulted.RebuildMatches == true && Faulted.DeadLetters.Count == 0 && Faulted.Failures.Count == 0 && Faulted.NotReached.Count == 0;
}

/// <summary>
/// The fault campaign: on private services, an undisturbed run, then the same pipeline and seed again in another
/// schema while workers are killed and the broker and the database restarted at points drawn from the seed
/// (placed on the undisturbed run's timeline), then both event logs compared.
/// </summary>
public static class FaultCampaign
{
    public static async Task<CampaignResult> RunAsync(PrivateServices services, CampaignSettings s, string workFolder, TextWriter log, CancellationToken ct = default)
    {
        RunSettings For(string name, IReadOnlyList<PlannedFault> faults, RunTimeline? timeline) => new()
        {
            Schema = $"faults_{name}",
            QueuePrefix = $"faults-{name}",
            DataDirectory = Path.Combine(workFolder, s.ShareDataDirectory ? "shared" : name),
            Pipeline = s.Pipeline,
            Config = s.Config,
            Seed = s.Seed,
            Workers = s.Workers,
            TorchThreads = s.TorchThreads,
            Faults = faults,
            Timeline = timeline,
            Outage = s.Outage,
            Timeout = s.Timeout,
            HostLogLevel = s.HostLogLevel,
        };

        var calm = For("undisturbed", [], null);
        var undisturbed = await CampaignRun.RunAsync(services, calm, log, ct);
        var calmCensus = await EventCensus.TakeAsync(services.Postgres.ConnectionString, calm.Schema, undisturbed.RunId, ct);
        if (!undisturbed.Sealed || calmCensus.TimeToSeal is null)
            throw new InvalidOperationException($"the undisturbed run did not seal a version: {string.Join("; ", undisturbed.Failures)}");

        var plan = FaultPlan.Draw(s.Seed, s.Kills, s.BrokerRestarts, s.PostgresRestarts, s.Workers);
        var timeline = await EventCensus.TimelineAsync(services.Postgres.ConnectionString, calm.Schema, ct);
        var storm = For("faulted", plan, timeline);
        var faulted = await CampaignRun.RunAsync(services, storm, log, ct);
        var stormCensus = await EventCensus.TakeAsync(services.Postgres.ConnectionString, storm.Schema, faulted.RunId, ct);
        return new CampaignResult(s, plan, timeline, undisturbed, calmCensus, faulted, stormCensus, Comparison.Of(calmCensus, stormCensus));
    }
}
