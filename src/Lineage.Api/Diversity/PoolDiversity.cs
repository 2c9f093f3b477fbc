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
/// <summary>What a report job did: the version it reported, or why it recorded nothing.</summary>
public sealed record DiversityReportOutcome(string Pipeline, bool Recorded, string? VersionId, string Detail);

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
