using System.Diagnostics;
using Lineage.Api.Stages.Sealing;
using Lineage.Api.Versions;
using Lineage.Domain.Versions;

namespace Lineage.Api.Audits;

/// <summary>
/// Recomputes the seal from the recorded decisions (<see cref="VersionSeal"/>) and compares it with the sealed event, and
/// the manifest member by member with the one stored beside it, whose own hash must be the sealed one.
/// </summary>
public static class SealAudit
{
    public const string Stage = "seal";

    public static StageAudit Run(VersionLog log)
    {
        var clock = Stopwatch.StartNew();
        var differ = new StageDiffer(Stage);
        var seal = log.Seal;
        var configHash = log.Config.Hash();
        var (manifest, rederived) = VersionSeal.Compose(new VersionOrigin(seal.RunId, seal.VersionId, seal.ParentVersionId, seal.Pipeline, configHash),
            log.Generated, log.RoundGVendis, seal.SealedAt);
        differ.Compare("version", seal, rederived);

        if (log.Manifest is not { } stored)
        {
            differ.Add("manifest", "(document)", "absent", $"{manifest.Entries.Count} members, hash {manifest.Hash}");
            return differ.Result(clock.Elapsed.TotalSeconds, "the stored manifest is missing");
        }
        if (DatasetManifest.HashOf(stored.Entries) != seal.ManifestHash)
            differ.Add("manifest", "hash", seal.ManifestHash, $"the stored manifest's members hash to {DatasetManifest.HashOf(stored.Entries)}");
        var mine = manifest.Entries.ToDictionary(e => e.ExampleId, e => e.ContentSha256, StringComparer.Ordinal);
        var theirs = stored.Entries.ToDictionary(e => e.ExampleId, e => e.ContentSha256, StringComparer.Ordinal);
        foreach (var id in mine.Keys.Union(theirs.Keys).Order(StringComparer.Ordinal))
        {
            var (a, b) = (theirs.GetValueOrDefault(id), mine.GetValueOrDefault(id));
            if (a == b) differ.Saw(id);
            else differ.Add(id, "member", a is null ? "not in the sealed manifest" : $"content sha256 {a}", b is null ? "not kept by the recorded decisions" : $"content sha256 {b}");
        }
        return differ.Result(clock.Elapsed.TotalSeconds, $"{stored.Entries.Count} sealed members against the recorded decisions");
    }
}
