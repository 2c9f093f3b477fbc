using System.Globalization;

namespace Lineage.Api.Audits;

/// <summary>An audit report as text: one line per stage, then every difference with both sides.</summary>
public static class AuditText
{
    public static void WriteSummary(AuditReport report, TextWriter output)
    {
        var inv = CultureInfo.InvariantCulture;
        output.WriteLine($"audit {report.AuditId} of {report.VersionId}" + (report.IsFork ? $" (a fork of origin {report.OriginVersionId})" : "")
                         + $": {(report.Clean ? "clean" : $"{report.Differences} difference(s)")} in {report.Seconds.ToString("0.0", inv)} s"
                         + (report.Recorded ? "" : " (this outcome was recorded before)"));
        output.WriteLine($"  {"stage",-8} {"checked",8} {"identical",9} {"different",9} {"seconds",8}  note");
        foreach (var s in report.Stages)
            output.WriteLine($"  {s.Stage,-8} {s.Checked,8} {s.Identical,9} {s.Different,9} {s.Seconds.ToString("0.00", inv),8}  {s.Note}");
    }

    public static void WriteDifferences(AuditReport report, TextWriter output)
    {
        foreach (var d in report.Stages.SelectMany(s => s.Differences))
            output.WriteLine($"  {d.Stage} {d.Subject} {d.Field}: recorded {d.Recorded} | re-derived {d.Rederived}");
    }
}
