using System.Globalization;
using Lineage.Api.Cli;

namespace Lineage.Api.Forks;

/// <summary><c>lineage fork &lt;versionId&gt; --set key=value …</c>: exit 0 with the fork's version, 2 for an unknown version or a refused key.</summary>
public static class ForkCommand
{
    public static async Task<int> RunAsync(string versionId, IReadOnlyList<string> pairs, string[] hostArgs, TextWriter output, TextWriter error)
    {
        var (set, bad) = ForkFeature.ParsePairs(pairs);
        if (bad is not null)
        {
            await error.WriteLineAsync(bad);
            return 2;
        }
        await using var app = CliHost.Build(hostArgs);
        var outcome = await app.Services.GetRequiredService<VersionForker>().ForkAsync(versionId, set, CancellationToken.None);
        if (outcome.UnknownVersion)
        {
            await error.WriteLineAsync($"no version with id '{versionId}'");
            return 2;
        }
        if (outcome.Errors is { } errors)
        {
            foreach (var (field, messages) in errors) await error.WriteLineAsync($"{field}: {string.Join(" ", messages)}");
            return 2;
        }
        var r = outcome.Result!;
        var inv = CultureInfo.InvariantCulture;
        await output.WriteLineAsync($"fork {r.VersionId} of {r.ParentVersionId} ({(r.Created ? "sealed now" : "already sealed")}, {r.ElapsedMs.ToString("0", inv)} ms): "
                                    + string.Join(", ", r.Overrides.Select(o => $"{o.Key}={o.Value}")));
        await output.WriteLineAsync($"  kept {r.Sealed.Kept} of {r.Sealed.Generated}, manifest hash {r.Sealed.ManifestHash}");
        foreach (var round in r.Rounds)
            await output.WriteLineAsync($"  round {round.Round}: kept {round.Kept}, dropped {round.Dropped}"
                                        + (round.GVendi is { } g ? $", G-Vendi {g.ToString("0.000", inv)}" : "")
                                        + (round.ReclusteredBecause is { } why ? $"; re-clustered ({why})" : round.ClusteringId is { } c ? $"; judged on {c}" : ""));
        return 0;
    }
}
