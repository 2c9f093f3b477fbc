using Lineage.Domain.Pools;
using Lineage.Domain.Versions;
using Marten;

namespace Lineage.Api.Diversity;

/// <summary>A version's computed diversity report, kept so that k-means runs once per version, not once per request.</summary>
public sealed class StoredDiversityReport
{
    public string Id { get; set; } = "";
    public DiversityReport Report { get; set; } = null!;
}

/// <summary>
/// A version's diversity report, computed once and then read back. A sealed version never changes (its members are
/// its manifest's), so neither does its report: a request reads the version's recorded <see cref="DiversityReported"/>
/// (stream <see cref="PoolStreams.Report"/>, from the report job) when there is one, else the stored computation,
/// and computes only when neither exists. Storing the computation is a cache document, never an event: reading a
/// report appends nothing to the log (a reader may read it).
/// </summary>
public sealed class VersionDiversity(IDocumentStore store, DiversityReporter reporter)
{
    public async Task<DiversityReport?> GetAsync(string versionId, CancellationToken ct)
    {
        await using var session = store.LightweightSession();
        var version = await session.LoadAsync<DatasetVersion>(versionId, ct);
        if (version is null) return null;
        var recorded = (await session.Events.FetchStreamAsync(PoolStreams.Report(version.Sealed.Pipeline, versionId), token: ct))
            .Select(e => e.Data).OfType<DiversityReported>().FirstOrDefault();
        if (recorded is not null) return recorded.Report;
        if (await session.LoadAsync<StoredDiversityReport>(versionId, ct) is { } stored) return stored.Report;
        var report = await reporter.BuildAsync(versionId, ct)
            ?? throw new InvalidOperationException($"version {versionId} vanished while its report was computed");
        // Two concurrent first requests both compute the same report from the same members; the last store wins, harmlessly.
        session.Store(new StoredDiversityReport { Id = versionId, Report = report });
        await session.SaveChangesAsync(ct);
        return report;
    }
}
