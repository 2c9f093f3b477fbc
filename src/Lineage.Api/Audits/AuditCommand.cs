using Lineage.Api.Cli;

namespace Lineage.Api.Audits;

/// <summary><c>lineage audit &lt;versionId&gt;</c>: exit 0 when every decision re-derives identically, 1 on any difference, 2 for an unknown version.</summary>
public static class AuditCommand
{
    public static async Task<int> RunAsync(string versionId, string[] hostArgs, TextWriter output, TextWriter error)
    {
        await using var app = CliHost.Build(hostArgs);
        var report = await app.Services.GetRequiredService<VersionAuditor>().AuditAsync(versionId, CancellationToken.None);
        if (report is null)
        {
            await error.WriteLineAsync($"no version with id '{versionId}'");
            return 2;
        }
        AuditText.WriteSummary(report, output);
        AuditText.WriteDifferences(report, output);
        return report.Clean ? 0 : 1;
    }
}
