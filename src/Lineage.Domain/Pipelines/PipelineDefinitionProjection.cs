using Marten.Events.Aggregation;

namespace Lineage.Domain.Pipelines;

public sealed class PipelineDefinitionProjection : SingleStreamProjection<PipelineDefinition, string>
{
    public static PipelineDefinition Create(PipelineDefined e) => new()
    {
        Id = Runs.RunIds.Streams.Pipeline(e.Name), Name = e.Name, Config = e.Config, ConfigHash = e.ConfigHash, Revision = 1, DefinedAt = e.DefinedAt,
    };

    public static void Apply(PipelineDefined e, PipelineDefinition d)
    {
        (d.Config, d.ConfigHash, d.DefinedAt) = (e.Config, e.ConfigHash, e.DefinedAt);
        d.Revision++;
    }
}
