using System.Globalization;
using Lineage.Api.Cli;

namespace Lineage.Api.Diffs;

/// <summary><c>lineage diff &lt;a&gt; &lt;b&gt;</c>: the counts and G-Vendi, then one line per differing example, written as it goes.</summary>
public static class DiffCommand
{
    public static async Task<int> RunAsync(string a, string b, string[] hostArgs, TextWriter output, TextWriter error)
    {
        await using var app = CliHost.Build(hostArgs);
        var diff = await app.Services.GetRequiredService<VersionDiffer>().DiffAsync(a, b, CancellationToken.None);
        if (diff is null)
        {
            await error.WriteLineAsync($"no sealed version '{a}' or '{b}'");
            return 2;
        }
        var s = diff.Summary;
        var inv = CultureInfo.InvariantCulture;
        string G(double? g) => g?.ToString("0.000", inv) ?? "-";
        await output.WriteLineAsync($"diff {s.VersionA} → {s.VersionB}: only in A {s.OnlyInA}, only in B {s.OnlyInB}, changed {s.Changed}, same {s.Same}");
        await output.WriteLineAsync($"  G-Vendi A {G(s.GVendiA)}, B {G(s.GVendiB)}, symmetric difference {G(s.GVendiSymmetricDifference)}" + (s.GVendiNote is null ? "" : $" ({s.GVendiNote})"));
        foreach (var (rule, n) in s.OnlyInAByRule) await output.WriteLineAsync($"  only in A, in B: {rule} {n}");
        foreach (var (rule, n) in s.OnlyInBByRule) await output.WriteLineAsync($"  only in B, in A: {rule} {n}");
        foreach (var item in diff.Items)
        {
            await output.WriteLineAsync($"{item.Change} {item.Key}: A {Side(item.A)} | B {Side(item.B)}");
            await output.FlushAsync();
        }
        return 0;
    }

    private static string Side(DiffSide? s) => s is null ? VersionDiffer.NotGenerated : $"{s.ExampleId} {s.Decision} by {s.Rule}: {s.Reason}";
}
