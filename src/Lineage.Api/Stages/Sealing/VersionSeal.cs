using Lineage.Domain.Examples;
using Lineage.Domain.Versions;

namespace Lineage.Api.Stages.Sealing;

/// <summary>What a version is named by: the run (or fork) that made it, its parent, its pipeline and config hash.</summary>
public sealed record VersionOrigin(string RunId, string VersionId, string? ParentVersionId, string Pipeline, string ConfigHash);

/// <summary>
/// A version's manifest and its <see cref="VersionSealed"/> from the run's decided examples: the kept generated
/// ones make the manifest, every generated one counts, drops are counted by rule and each round's G-Vendi becomes a
/// metric. The seal stage, the audit that recomputes a seal and a fork's seal all go through here.
/// </summary>
public static class VersionSeal
{
    public static (DatasetManifest Manifest, VersionSealed Sealed) Compose(
        VersionOrigin origin, IReadOnlyList<ExampleLineage> generated, IEnumerable<(int Round, double? GVendi)> rounds, DateTimeOffset sealedAt)
    {
        var kept = generated.Where(x => x.Outcome == Decision.Kept).ToList();
        var manifest = DatasetManifest.FromEntries(origin.VersionId, kept.Select(DatasetManifest.EntryOf));
        var droppedByRule = generated.Where(x => x.Outcome == Decision.Dropped)
            .GroupBy(x => x.Rule ?? "unknown")
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Count());
        var metrics = new SortedDictionary<string, double>(StringComparer.Ordinal);
        foreach (var (round, gvendi) in rounds)
            if (gvendi is double g)
                metrics[$"gvendi.round{round}"] = g;
        var seal = new VersionSealed(origin.RunId, origin.VersionId, origin.ParentVersionId, origin.Pipeline, origin.ConfigHash,
            manifest.Entries.Count, generated.Count, kept.Count, generated.Count - kept.Count, droppedByRule,
            metrics, manifest.Hash, sealedAt);
        return (manifest, seal);
    }
}
