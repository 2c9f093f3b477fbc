using Lineage.Api.Diversity;
using Lineage.Api.Runs;
using Lineage.Domain.Examples;
using Lineage.Domain.Pipelines;
using Lineage.Domain.Runs;
using Lineage.Domain.Versions;
using Marten;

namespace Lineage.Api.Schedules;

/// <summary>Jobs Hangfire runs: scheduled pipeline runs and maintenance.</summary>
public sealed class ScheduledJobs(
    RunLauncher launcher, IDocumentStore store, PoolReclustering reclustering, PoolDiversity diversity,
    TimeProvider clock, ILogger<ScheduledJobs> logger)
{
    /// <summary>
    /// Starts a run of a named pipeline. The label is the schedule and the firing minute, so a firing that
    /// Hangfire retries lands on the same run instead of a second one.
    /// </summary>
    public async Task StartRunAsync(string schedule, string pipeline, long seed)
    {
        var label = $"{schedule}@{clock.GetUtcNow():yyyy-MM-ddTHH:mm}";
        var launch = await launcher.StartAsync(pipeline, seed, label, null, CancellationToken.None)
            ?? throw new InvalidOperationException($"schedule {schedule}: pipeline {pipeline} is not defined");
        logger.LogInformation("schedule {Schedule} started run {RunId} (new: {Started})", schedule, launch.RunId, launch.Started);
    }

    /// <summary>
    /// Clusters the pipeline's pool afresh (see <see cref="PoolReclustering"/>); records nothing when the pool has
    /// not grown since the last clustering with these settings, so a retried or idle firing is harmless.
    /// </summary>
    public async Task ReclusterPoolAsync(string schedule, string pipeline, long seed)
    {
        var outcome = await reclustering.RunAsync(pipeline, seed, $"schedule {schedule}", CancellationToken.None)
            ?? throw new InvalidOperationException($"schedule {schedule}: pipeline {pipeline} is not defined");
        logger.LogInformation("schedule {Schedule}: pool of {Pipeline}: {Detail} (recorded: {Recorded})", schedule, pipeline, outcome.Detail, outcome.Recorded);
    }

    /// <summary>Records the diversity report of the pipeline's newest version, once per version.</summary>
    public async Task ReportDiversityAsync(string schedule, string pipeline)
    {
        var outcome = await diversity.ReportAsync(pipeline, $"schedule {schedule}", CancellationToken.None)
            ?? throw new InvalidOperationException($"schedule {schedule}: pipeline {pipeline} is not defined");
        logger.LogInformation("schedule {Schedule}: diversity of {Pipeline}: {Detail} (recorded: {Recorded})", schedule, pipeline, outcome.Detail, outcome.Recorded);
    }

    /// <summary>Rebuilds every projection from the event log (after a projection's code changed).</summary>
    public async Task RebuildProjectionsAsync()
    {
        var daemon = await store.BuildProjectionDaemonAsync();
        foreach (var projection in new[] { typeof(ExampleLineageProjection), typeof(RunStatusProjection), typeof(DatasetVersionProjection), typeof(PipelineDefinitionProjection) })
        {
            logger.LogInformation("rebuilding projection {Projection}", projection.Name);
            await daemon.RebuildProjectionAsync(projection, TimeSpan.FromMinutes(10), CancellationToken.None);
        }
    }
}
