namespace Lineage.Domain.Audits;

/// <summary>One stage of an audit: how many of its decisions were re-derived, how many came out the same.</summary>
public sealed record StageAuditSummary(string Stage, int Checked, int Identical, int Different, string? Note);

/// <summary>One re-derived decision that came out differently: the subject (an example, a batch, a round) and both sides.</summary>
public sealed record AuditDifference(string Stage, string Subject, string Field, string Recorded, string Rederived);

/// <summary>
/// A version was audited: every decision re-derived from its recorded inputs. Stream <c>audit:{version}:{audit}</c>, one
/// per audit outcome (the audit id is a hash of the per-stage counts and the differences; <see cref="ReportSha256"/> also
/// covers the notes), so recording an audit never touches the version's stream
/// and the same outcome found twice is recorded once. Holds the per-stage counts and the first differences.
/// </summary>
public sealed record VersionAudited(
    string VersionId, string AuditId, bool Clean, IReadOnlyList<StageAuditSummary> Stages, int Differences,
    IReadOnlyList<AuditDifference> FirstDifferences, string ReportSha256, DateTimeOffset AuditedAt)
{
    /// <summary>How many differences the event itself carries; the report has them all.</summary>
    public const int Recorded = 100;

    public static string Stream(string versionId, string auditId) => $"audit:{versionId}:{auditId}";
}
