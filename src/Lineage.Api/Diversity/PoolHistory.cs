using Lineage.Api.EventStore;
using Hangfire;
using Lineage.Api.Schedules;
using Lineage.Api.Stages;
using Lineage.Api.Validation;
using Lineage.Domain.Pipelines;
using Lineage.Domain.Pools;
using Lineage.Domain.Runs;
using Marten;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Lineage.Api.Diversity;

/// <summary>A version's diversity report, recorded by the recurring report job (stream <see cref="PoolStreams.Report"/>).</summary>
public sealed record DiversityReported(string Pipeline, string VersionId, string Trigger, DiversityReport Report);

/// <summary>The pool events' names in the log, mapped explicitly so the history query can filter on them.</summary>
public static class PoolEventNames
{
    public const string MemberAssigned = "pool_member_assigned";
    public const string Reclustered = "pool_reclustered";
    public const string DiversityReported = "diversity_reported";
}

/// <summary>What a report job did: the version it reported, or why it recorded nothing.</summary>
public sealed record DiversityReportOutcome(string Pipeline, bool Recorded, string? VersionId, string Detail);

/// <summary>A pipeline's pool over time: its reclusterings and recorded diversity reports, oldest first.</summary>
public sealed record PoolHistory(string Pipeline, IReadOnlyList<PoolReclustered> Reclusterings, IReadOnlyList<DiversityReported> Reports);

/// <summary>
/// Records the diversity report of a pipeline's newest sealed version once (a version's report never changes,
/// so a firing that finds no new version records nothing), and reads the pool's history back.
/// </summary>
public sealed class PoolDiversity(IDocumentStore store, VersionDiversity reports)
{
    public async Task<DiversityReportOutcome?> ReportAsync(string pipeline, string trigger, CancellationToken ct)
    {
        await using var session = store.LightweightSession();
        if (await session.LoadAsync<PipelineDefinition>(RunIds.Streams.Pipeline(pipeline), ct) is null) return null;
        var newest = (await PoolReclustering.VersionsOfAsync(session, pipeline, ct)).LastOrDefault();
        if (newest is null) return new(pipeline, false, null, "no sealed version yet");
        var stream = PoolStreams.Report(pipeline, newest.Id);
        if (await StageStreams.ExistsAsync(session, stream, ct))
            return new(pipeline, false, newest.Id, $"version {newest.Id} is already reported");
        // The report a request already computed, if any: it is the same report, so k-means runs once per version.
        var report = await reports.GetAsync(newest.Id, ct)
            ?? throw new InvalidOperationException($"version {newest.Id} vanished while it was reported");
        var recorded = await StageStreams.StartOnceAsync(session, stream, [new DiversityReported(pipeline, newest.Id, trigger, report)], ct);
        return new(pipeline, recorded, newest.Id,
            recorded ? $"G-Vendi {report.VersionGVendi?.ToString("0.00") ?? "n/a"} over {report.Embedded} embedded examples" : "another worker recorded it first");
    }

    public async Task<PoolHistory?> HistoryAsync(string pipeline, CancellationToken ct)
    {
        await using var session = store.QuerySession();
        if (await session.LoadAsync<PipelineDefinition>(RunIds.Streams.Pipeline(pipeline), ct) is null) return null;
        var reclusterings = await session.Events.QueryAllRawEvents()
            .Where(e => e.EventTypeName == PoolEventNames.Reclustered && e.StreamKey!.StartsWith($"pool:{pipeline}:"))
            .OrderBy(e => e.Sequence).ToListAsync(ct);
        var reports = await session.Events.QueryAllRawEvents()
            .Where(e => e.EventTypeName == PoolEventNames.DiversityReported && e.StreamKey!.StartsWith($"pool:{pipeline}:"))
            .OrderBy(e => e.Sequence).ToListAsync(ct);
        return new PoolHistory(pipeline,
            reclusterings.Select(e => e.Data).OfType<PoolReclustered>().Where(r => r.Pipeline == pipeline).ToList(),
            reports.Select(e => e.Data).OfType<DiversityReported>().Where(r => r.Pipeline == pipeline).ToList());
    }
}

public static class PoolEndpoints
{
    public static void MapPoolEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/pipelines/{name}/pool").WithTags("Pools");
        group.MapGet("/", async Task<Results<Ok<PoolHistory>, ProblemHttpResult>> (string name, PoolDiversity pools, CancellationToken ct) =>
            await pools.HistoryAsync(name, ct) is { } history ? TypedResults.Ok(history) : TypedResults.Problem(Problems.NotFound("pipeline", name)));
        group.MapPost("/recluster", (string name, long? seed, IQuerySession session, IBackgroundJobClient jobs, CancellationToken ct) =>
            EnqueueAsync(name, session, ct, () => jobs.Enqueue<ScheduledJobs>(j => j.ReclusterPoolAsync("http", name, seed ?? 1))));
        group.MapPost("/report", (string name, IQuerySession session, IBackgroundJobClient jobs, CancellationToken ct) =>
            EnqueueAsync(name, session, ct, () => jobs.Enqueue<ScheduledJobs>(j => j.ReportDiversityAsync("http", name))));
    }

    private static async Task<Results<Accepted<JobAccepted>, ProblemHttpResult>> EnqueueAsync(
        string name, IQuerySession session, CancellationToken ct, Func<string> enqueue)
    {
        if (await session.LoadAsync<PipelineDefinition>(RunIds.Streams.Pipeline(name), ct) is null)
            return TypedResults.Problem(Problems.NotFound("pipeline", name));
        return TypedResults.Accepted($"/pipelines/{name}/pool", new JobAccepted(enqueue()));
    }
}

public sealed record JobAccepted(string Job);
