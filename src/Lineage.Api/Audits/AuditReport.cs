using Lineage.Domain.Audits;

namespace Lineage.Api.Audits;

/// <summary>
/// One stage of an audit: how many decisions (examples, batches, rounds) were re-derived, how many came out the same,
/// every difference with both sides, how long it took, and a note on what was compared and how.
/// </summary>
public sealed record StageAudit(string Stage, int Checked, IReadOnlyList<AuditDifference> Differences, double Seconds, string Note)
{
    /// <summary>Decisions with at least one difference (a decision may differ in several fields).</summary>
    public int Different => Differences.Select(d => d.Subject).Distinct().Count();

    public int Identical => Checked - Different;

    public StageAuditSummary Summary() => new(Stage, Checked, Identical, Different, Note);
}

/// <summary>The whole audit of a version: clean when every stage re-derived every decision identically.</summary>
public sealed record AuditReport(
    string VersionId, string RunId, bool IsFork, string? OriginVersionId, IReadOnlyList<StageAudit> Stages, double Seconds,
    string AuditId, bool Recorded)
{
    public bool Clean => Stages.All(s => s.Differences.Count == 0);

    public int Differences => Stages.Sum(s => s.Differences.Count);
}
