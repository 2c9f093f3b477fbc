using Lineage.Api.EventStore;
using Lineage.Domain.Pools;
using Lineage.Domain.Versions;
using Marten;

namespace Lineage.Api.Diversity;

/// <summary>
/// A version's diversity report, computed once and then read back. A sealed version never changes, so neither does
/// its report: the first request (or the recurring report job, whichever comes first) computes it and records it as
/// the version's <see cref="DiversityReported"/> (stream <see cref="PoolStreams.Report"/>, started once); every later
/// request reads that event instead of running k-means again.
/// </summary>
public sealed class VersionDiversity(IDocumentStore store, DiversityReporter reporter)
{
    public const string RequestTrigger = "request";

    public async Task<DiversityReport?> GetAsync(string versionId, CancellationToken ct)
    {
        await using var session = store.LightweightSession();
        var version = await session.LoadAsync<DatasetVersion>(versionId, ct);
        if (version is null) return null;
        var stream = PoolStreams.Report(version.Sealed.Pipeline, versionId);
        if (await RecordedAsync(session, stream, ct) is { } recorded) return recorded;
        var report = await reporter.BuildAsync(versionId, ct)
            ?? throw new InvalidOperationException($"version {versionId} vanished while its report was computed");
        // A concurrent request that recorded first wins; both computed the same report from the same members.
        if (!await StageStreams.StartOnceAsync(session, stream, [new DiversityReported(version.Sealed.Pipeline, versionId, RequestTrigger, report)], ct))
            return await RecordedAsync(session, stream, ct) ?? report;
        return report;
    }

    private static async Task<DiversityReport?> RecordedAsync(IQuerySession session, string stream, CancellationToken ct) =>
        (await session.Events.FetchStreamAsync(stream, token: ct)).Select(e => e.Data).OfType<DiversityReported>().FirstOrDefault()?.Report;
}
