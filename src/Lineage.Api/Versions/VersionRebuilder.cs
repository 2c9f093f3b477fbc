using System.Diagnostics;
using Lineage.Domain.Examples;
using Lineage.Domain.Runs;
using Lineage.Domain.Versions;
using Marten;

namespace Lineage.Api.Versions;

public sealed record RebuildResult(
    string VersionId, string SealedHash, string RebuiltHash, bool Matches, int ExampleCount, long EventsReplayed, double ElapsedMs);

/// <summary>
/// Rebuilds a version from the raw event log alone: every example event of the run is folded with the
/// same <see cref="ExampleLineage.Record"/> the projection uses, the kept examples' manifest is
/// recomputed, and its hash compared with the one sealed. No projected document is read.
/// </summary>
public sealed class VersionRebuilder(IDocumentStore store)
{
    public async Task<RebuildResult?> RebuildAsync(string versionId, CancellationToken ct)
    {
        await using var session = store.QuerySession();
        var sealedEvents = await session.Events.FetchStreamAsync(RunIds.Streams.Version(versionId), token: ct);
        // A fork's version is sealed by ForkSealed; it rebuilds from its own streams like any run's.
        var seal = sealedEvents.Select(e => e.Data).OfType<VersionSealed>().FirstOrDefault()
                   ?? sealedEvents.Select(e => e.Data).OfType<Domain.Forks.ForkSealed>().FirstOrDefault()?.Sealed;
        if (seal is null) return null;

        var clock = Stopwatch.StartNew();
        var prefix = RunIds.Streams.RunPrefix(seal.RunId) + ":";
        var lineages = new Dictionary<string, ExampleLineage>(StringComparer.Ordinal);
        long replayed = 0;
        var events = session.Events.QueryAllRawEvents()
            .Where(e => e.StreamKey!.StartsWith(prefix))
            .OrderBy(e => e.Sequence)
            .ToAsyncEnumerable(ct);
        await foreach (var e in events)
        {
            if (e.Data is not IExampleEvent exampleEvent) continue;
            replayed++;
            if (!lineages.TryGetValue(exampleEvent.ExampleId, out var lineage))
                lineages[exampleEvent.ExampleId] = lineage = new ExampleLineage { Id = exampleEvent.ExampleId };
            lineage.Record(exampleEvent);
        }
        var kept = lineages.Values.Where(x => x.Origin == "generated" && x.Outcome == Decision.Kept).Select(x => x.Content());
        var manifest = DatasetManifest.Build(versionId, kept);
        return new RebuildResult(versionId, seal.ManifestHash, manifest.Hash, manifest.Hash == seal.ManifestHash,
            manifest.Entries.Count, replayed, clock.Elapsed.TotalMilliseconds);
    }
}
