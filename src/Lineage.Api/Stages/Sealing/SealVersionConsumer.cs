using Lineage.Domain.Examples;
using Lineage.Domain.Messages;
using Lineage.Domain.Runs;
using Lineage.Domain.Versions;
using Marten;
using MassTransit;

namespace Lineage.Api.Stages.Sealing;

/// <summary>
/// Seals a run's kept examples into a version: the manifest is computed from the lineage documents
/// and stored beside the <see cref="VersionSealed"/> event that carries its hash.
/// </summary>
public sealed class SealVersionConsumer(IDocumentStore store, TimeProvider clock) : IConsumer<SealVersion>
{
    public async Task Consume(ConsumeContext<SealVersion> context)
    {
        var m = context.Message;
        var ct = context.CancellationToken;
        await using var session = store.LightweightSession();
        var versionId = RunIds.Version(m.RunId);
        var stream = RunIds.Streams.Version(versionId);
        if (await StageStreams.ExistsAsync(session, stream, ct)) return;
        var run = await RunReader.LoadAsync(session, m.RunId, ct);

        var examples = await session.Query<ExampleLineage>()
            .Where(x => x.RunId == m.RunId && x.Origin == "generated")
            .ToListAsync(ct);
        var kept = examples.Where(x => x.Outcome == Decision.Kept).ToList();
        var manifest = DatasetManifest.Build(versionId, kept.Select(x => x.Content()));
        var droppedByRule = examples.Where(x => x.Outcome == Decision.Dropped)
            .GroupBy(x => x.Rule ?? "unknown")
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Count());
        var metrics = new SortedDictionary<string, double>(StringComparer.Ordinal);
        var rounds = await session.Events.QueryRawEventDataOnly<RoundFiltered>().Where(r => r.RunId == m.RunId).ToListAsync(ct);
        foreach (var round in rounds)
            if (round.GVendi is double g)
                metrics[$"gvendi.round{round.Round}"] = g;

        session.Store(manifest);
        var sealedAt = clock.GetUtcNow();
        await StageStreams.StartOnceAsync(session, stream,
        [
            new VersionSealed(m.RunId, versionId, run.ParentVersionId, run.Pipeline, run.ConfigHash,
                manifest.Entries.Count, examples.Count, kept.Count, examples.Count - kept.Count, droppedByRule,
                metrics, manifest.Hash, sealedAt),
            new RunCompleted(m.RunId, versionId, sealedAt),
        ], ct);
    }
}
