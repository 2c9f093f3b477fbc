using JasperFx.Events;
using Lineage.Domain.Examples;
using Marten.Events.Projections;

namespace Lineage.Domain.Runs;

/// <summary>Groups run-level events (not per-example ones: those would make this document hot) by run id.</summary>
public sealed class RunStatusProjection : MultiStreamProjection<RunStatus, string>
{
    public RunStatusProjection()
    {
        Identity<RunStarted>(e => e.RunId);
        Identity<RoundStarted>(e => e.RunId);
        Identity<SeedsImported>(e => e.RunId);
        Identity<CandidatesGenerated>(e => e.RunId);
        Identity<BatchVerified>(e => e.RunId);
        Identity<BatchEmbedded>(e => e.RunId);
        Identity<ClusteringCompleted>(e => e.RunId);
        Identity<RoundFiltered>(e => e.RunId);
        Identity<StageFailed>(e => e.RunId);
        Identity<Versions.VersionSealed>(e => e.RunId);
        Identity<RunCompleted>(e => e.RunId);
    }

    public override RunStatus? Evolve(RunStatus? snapshot, string id, IEvent e)
    {
        if (e.Data is not IRunEvent runEvent || runEvent is IExampleEvent) return snapshot;
        snapshot ??= new RunStatus { Id = id };
        snapshot.Record(runEvent);
        return snapshot;
    }
}
