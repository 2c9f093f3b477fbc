using Lineage.Domain.Audits;
using Lineage.Domain.Examples;
using Lineage.Domain.Versions;
using Marten;

namespace Lineage.Api.Explorer.Audits;

/// <summary>The audit page's view: the version, its latest recorded audit (null when never audited), how many audits
/// were recorded, which of the audit's subjects are examples (so the page links only those), and the version's forks.</summary>
public sealed record AuditView(
    VersionSealed Sealed, VersionAudited? Latest, int AuditCount, IReadOnlySet<string> ExampleSubjects, IReadOnlyList<VersionSealed> Forks);

/// <summary>
/// Reads what the audit recorded (<see cref="VersionAudited"/> events, one stream per outcome) and never runs one:
/// a GET of the page appends nothing. Running an audit is <c>POST /versions/{id}/audit</c> (operator).
/// </summary>
public sealed class AuditPageReader(IDocumentStore store)
{
    public async Task<AuditView?> LoadAsync(string versionId, CancellationToken ct)
    {
        await using var session = store.QuerySession();
        var version = await session.LoadAsync<DatasetVersion>(versionId, ct);
        if (version is null) return null;
        var audits = await session.Events.QueryRawEventDataOnly<VersionAudited>().Where(e => e.VersionId == versionId).ToListAsync(ct);
        var latest = audits.OrderByDescending(a => a.AuditedAt).ThenBy(a => a.AuditId, StringComparer.Ordinal).FirstOrDefault();
        var subjects = latest?.FirstDifferences.Select(d => d.Subject).Distinct(StringComparer.Ordinal).ToArray() ?? [];
        var examples = subjects.Length == 0 ? [] : (await session.LoadManyAsync<ExampleLineage>(ct, subjects)).Select(x => x.Id);
        return new AuditView(version.Sealed, latest, audits.Count, examples.ToHashSet(StringComparer.Ordinal), await ForksAsync(session, versionId, ct));
    }

    /// <summary>The versions forked from this one (their seal names it as parent), oldest first.</summary>
    public static async Task<IReadOnlyList<VersionSealed>> ForksAsync(IQuerySession session, string versionId, CancellationToken ct) =>
        (await session.Query<DatasetVersion>().Where(v => v.Sealed.ParentVersionId == versionId).ToListAsync(ct))
        .Select(v => v.Sealed).OrderBy(s => s.SealedAt).ThenBy(s => s.VersionId, StringComparer.Ordinal).ToList();

    /// <summary>Versions to diff against: the pipeline's other versions and this one's forks and parent.</summary>
    public async Task<IReadOnlyList<VersionSealed>> CandidatesAsync(VersionSealed from, CancellationToken ct)
    {
        await using var session = store.QuerySession();
        var same = await session.Query<DatasetVersion>().Where(v => v.Sealed.Pipeline == from.Pipeline).ToListAsync(ct);
        return same.Select(v => v.Sealed).Where(s => s.VersionId != from.VersionId)
            .OrderByDescending(s => s.SealedAt).ThenBy(s => s.VersionId, StringComparer.Ordinal).ToList();
    }

    public async Task<VersionSealed?> SealedAsync(string versionId, CancellationToken ct)
    {
        await using var session = store.QuerySession();
        return (await session.LoadAsync<DatasetVersion>(versionId, ct))?.Sealed;
    }
}
