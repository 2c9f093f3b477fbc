using JasperFx.Events;
using Marten.Events.Projections;

namespace Lineage.Domain.Examples;

/// <summary>Groups every <see cref="ILineageEvent"/> by example id, whatever stream it was appended to.</summary>
public sealed class ExampleLineageProjection : MultiStreamProjection<ExampleLineage, string>
{
    public ExampleLineageProjection()
    {
        Identity<ILineageEvent>(e => e.ExampleId);
    }

    public override ExampleLineage? Evolve(ExampleLineage? snapshot, string id, IEvent e)
    {
        if (e.Data is not ILineageEvent exampleEvent) return snapshot;
        snapshot ??= new ExampleLineage { Id = id };
        snapshot.Record(exampleEvent);
        return snapshot;
    }
}
