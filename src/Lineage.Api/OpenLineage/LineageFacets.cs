using System.Text.Json.Serialization;

namespace Lineage.Api.OpenLineage;

// Lineage's own facets. Their schemas are docs/openlineage/facets/{Name}.json; the key each goes under is
// prefixed "lineage_", as the spec asks of custom facets.

/// <summary><c>lineage_run</c> on a run's events: the Lineage run it stands for and what determines it.</summary>
public sealed record LineageRunFacet(
    string Producer, string SchemaBase,
    [property: JsonPropertyName("runId")] string RunId,
    [property: JsonPropertyName("pipeline")] string Pipeline,
    [property: JsonPropertyName("configHash")] string ConfigHash,
    [property: JsonPropertyName("seed")] long Seed,
    [property: JsonPropertyName("label")] string? Label,
    [property: JsonPropertyName("parentVersionId")] string? ParentVersionId)
    : Facet(Producer, SchemaBase + "LineageRunFacet.json#/$defs/LineageRunFacet")
{
    public const string Key = "lineage_run";
    [JsonIgnore] public string SchemaBase { get; } = SchemaBase;
}

/// <summary>
/// <c>lineage_stage</c> on a stage run's events: which stage, round and batch; on COMPLETE the completion event's
/// name and the numbers it recorded (counts, G-Vendi, objective, ...), taken from the event as it was stored.
/// </summary>
public sealed record LineageStageFacet(
    string Producer, string SchemaBase,
    [property: JsonPropertyName("runId")] string RunId,
    [property: JsonPropertyName("stage")] string Stage,
    [property: JsonPropertyName("round")] int? Round,
    [property: JsonPropertyName("batch")] int? Batch,
    [property: JsonPropertyName("configHash")] string ConfigHash,
    [property: JsonPropertyName("event")] string? Event = null,
    [property: JsonPropertyName("metrics")] IReadOnlyDictionary<string, object>? Metrics = null)
    : Facet(Producer, SchemaBase + "LineageStageFacet.json#/$defs/LineageStageFacet")
{
    public const string Key = "lineage_stage";
    [JsonIgnore] public string SchemaBase { get; } = SchemaBase;
}

/// <summary><c>lineage_version</c> on a sealed version's dataset: what <c>VersionSealed</c> recorded, manifest hash included.</summary>
public sealed record LineageVersionFacet(
    string Producer, string SchemaBase,
    [property: JsonPropertyName("versionId")] string VersionId,
    [property: JsonPropertyName("runId")] string RunId,
    [property: JsonPropertyName("pipeline")] string Pipeline,
    [property: JsonPropertyName("configHash")] string ConfigHash,
    [property: JsonPropertyName("parentVersionId")] string? ParentVersionId,
    [property: JsonPropertyName("manifestHash")] string ManifestHash,
    [property: JsonPropertyName("exampleCount")] int ExampleCount,
    [property: JsonPropertyName("generated")] int Generated,
    [property: JsonPropertyName("kept")] int Kept,
    [property: JsonPropertyName("dropped")] int Dropped,
    [property: JsonPropertyName("droppedByRule")] IReadOnlyDictionary<string, int> DroppedByRule,
    [property: JsonPropertyName("metrics")] IReadOnlyDictionary<string, double> Metrics)
    : Facet(Producer, SchemaBase + "LineageVersionFacet.json#/$defs/LineageVersionFacet")
{
    public const string Key = "lineage_version";
    [JsonIgnore] public string SchemaBase { get; } = SchemaBase;
}
