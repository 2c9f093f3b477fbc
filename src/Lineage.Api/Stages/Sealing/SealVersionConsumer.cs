using Lineage.Api.EventStore;
using Lineage.Domain.Examples;
using Lineage.Domain.Messages;
using Lineage.Domain.Runs;
using Lineage.Domain.Versions;
using Marten;

namespace Lineage.Api.Stages.Sealing;

/// <summary>
/// Seals a run's kept examples into a version: the manifest is computed from the run's events
/// and stored beside the <see cref="VersionSealed"/> event that carries its hash.
/// </summary>
public sealed class SealVersionConsumer(StageWriter writer, TimeProvider clock) : StageConsumer<SealVersion>(writer)
{
    protected override string StreamOf(SealVersion m) => RunIds.Streams.Version(RunIds.Version(m.RunId));

    protected override async Task<IReadOnlyList<object>> ProduceAsync(IDocumentSession session, SealVersion m, RunStarted run, CancellationToken ct)
    {
        var versionId = RunIds.Version(m.RunId);
        // From the log, not the lineage documents: a projection rebuild running beside the seal cannot shrink it. Only
        // what the manifest hashes and the counts by rule need is read.
        var examples = (await RunLineages.FoldAsync(session, m.RunId, ct, detail: LineageDetail.ContentAndDecision)).ById.Values
            .Where(x => x.Origin == "generated").ToList();
        var rounds = await session.Events.QueryRawEventDataOnly<RoundFiltered>().Where(r => r.RunId == m.RunId).ToListAsync(ct);
        var (manifest, seal) = VersionSeal.Compose(new VersionOrigin(m.RunId, versionId, run.ParentVersionId, run.Pipeline, run.ConfigHash),
            examples, rounds.Select(r => (r.Round, r.GVendi)), clock.GetUtcNow());

        // Stored on the stage's session: the manifest commits with the version's events, or not at all.
        session.Store(manifest);
        return [seal, new RunCompleted(m.RunId, versionId, seal.SealedAt)];
    }
}
