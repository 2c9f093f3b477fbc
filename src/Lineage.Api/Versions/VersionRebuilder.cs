using System.Diagnostics;
using Lineage.Api.EventStore;
using Lineage.Domain.Examples;
using Lineage.Domain.Runs;
using Lineage.Domain.Versions;
using Marten;

namespace Lineage.Api.Versions;

public sealed record RebuildResult(
    string VersionId, string SealedHash, string RebuiltHash, bool Matches, int ExampleCount, long EventsReplayed, double ElapsedMs);

/// <summary>
/// Rebuilds a version from the raw event log alone: every example event of the run up to its seal is folded with
/// the same <see cref="ExampleLineage.Record"/> the projection uses (<see cref="RunLineages"/>), the kept examples'
/// manifest is recomputed, and its hash compared with the one sealed. No projected document is read, and nothing
/// appended after the seal counts: a sealed version is what its log said when it was sealed. The fold reads what the
/// manifest hashes and the decisions (<see cref="LineageDetail.ContentAndDecision"/>), as the seal did.
/// </summary>
public sealed class VersionRebuilder(IDocumentStore store)
{
    public async Task<RebuildResult?> RebuildAsync(string versionId, CancellationToken ct)
    {
        await using var session = store.QuerySession();
        var sealedEvents = await session.Events.FetchStreamAsync(RunIds.Streams.Version(versionId), token: ct);
        // A fork's version is sealed by ForkSealed; it rebuilds from its own streams, up to its seal, like any run's.
        var sealEvent = sealedEvents.FirstOrDefault(e => e.Data is VersionSealed or Domain.Forks.ForkSealed);
        var seal = sealEvent?.Data as VersionSealed ?? (sealEvent?.Data as Domain.Forks.ForkSealed)?.Sealed;
        if (sealEvent is null || seal is null) return null;

        var clock = Stopwatch.StartNew();
        var folded = await RunLineages.FoldAsync(session, seal.RunId, ct, through: sealEvent.Sequence, detail: LineageDetail.ContentAndDecision);
        var kept = folded.ById.Values.Where(x => x.Origin == "generated" && x.Outcome == Decision.Kept)
            .Select(DatasetManifest.EntryOf);
        var manifest = DatasetManifest.FromEntries(versionId, kept);
        return new RebuildResult(versionId, seal.ManifestHash, manifest.Hash, manifest.Hash == seal.ManifestHash,
            manifest.Entries.Count, folded.EventsReplayed, clock.Elapsed.TotalMilliseconds);
    }
}
