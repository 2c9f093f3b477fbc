namespace Lineage.Domain.Pipelines;

/// <summary>A named pipeline was (re)defined. Stream: <c>pipeline:{name}</c>.</summary>
public sealed record PipelineDefined(string Name, PipelineConfig Config, string ConfigHash, DateTimeOffset DefinedAt);

/// <summary>The latest definition of a pipeline, projected inline from its stream.</summary>
public sealed class PipelineDefinition
{
    /// <summary>The stream key, <c>pipeline:{name}</c>.</summary>
    public string Id { get; set; } = "";
    public string Name { get; set; } = "";
    public PipelineConfig Config { get; set; } = new();
    public string ConfigHash { get; set; } = "";
    public int Revision { get; set; }
    public DateTimeOffset DefinedAt { get; set; }
}
