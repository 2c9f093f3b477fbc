using System.Text.Json.Serialization;

namespace Lineage.Api.OpenLineage;

// The standard OpenLineage facets Lineage emits, each with the schema version its _schemaURL names
// (copies of those schemas are under fixtures/openlineage/facets, where the tests validate against them).

public abstract record Facet(
    [property: JsonPropertyName("_producer")] string Producer,
    [property: JsonPropertyName("_schemaURL")] string SchemaUrl)
{
    protected static string Standard(string version, string name) => $"https://openlineage.io/spec/facets/{version}/{name}.json#/$defs/{name}";
}

/// <summary><c>parent</c>: a stage run's run, and the root (the same run: stages have no deeper nesting).</summary>
public sealed record ParentRunFacet(string Producer, ParentRef Run, JobRef Job, ParentRoot Root)
    : Facet(Producer, Standard("1-2-0", "ParentRunFacet"))
{
    [JsonPropertyName("run")] public ParentRef Run { get; } = Run;
    [JsonPropertyName("job")] public JobRef Job { get; } = Job;
    [JsonPropertyName("root")] public ParentRoot Root { get; } = Root;
}

public sealed record ParentRef([property: JsonPropertyName("runId")] Guid RunId);

public sealed record ParentRoot([property: JsonPropertyName("run")] ParentRef Run, [property: JsonPropertyName("job")] JobRef Job);

/// <summary><c>errorMessage</c>: what a failed stage's last attempt threw.</summary>
public sealed record ErrorMessageRunFacet(string Producer, string Message)
    : Facet(Producer, Standard("1-0-1", "ErrorMessageRunFacet"))
{
    [JsonPropertyName("message")] public string Message { get; } = Message;
    [JsonPropertyName("programmingLanguage")] public string ProgrammingLanguage => "C#";
}

/// <summary><c>jobType</c>: every Lineage job is a finite batch; runs are pipelines, stage runs are stages.</summary>
public sealed record JobTypeJobFacet(string Producer, string JobType)
    : Facet(Producer, Standard("2-0-4", "JobTypeJobFacet"))
{
    [JsonPropertyName("processingType")] public string ProcessingType => "BATCH";
    [JsonPropertyName("integration")] public string Integration => "LINEAGE";
    [JsonPropertyName("jobType")] public string JobType { get; } = JobType;
}

/// <summary><c>version</c>: a file's SHA-256, a proxy's weights hash, a Lineage version's manifest hash.</summary>
public sealed record DatasetVersionDatasetFacet(string Producer, string DatasetVersion)
    : Facet(Producer, Standard("1-0-1", "DatasetVersionDatasetFacet"))
{
    [JsonPropertyName("datasetVersion")] public string DatasetVersion { get; } = DatasetVersion;
}

/// <summary><c>outputStatistics</c>: the examples a sealed version holds.</summary>
public sealed record OutputStatisticsOutputDatasetFacet(string Producer, long RowCount)
    : Facet(Producer, Standard("1-0-2", "OutputStatisticsOutputDatasetFacet"))
{
    [JsonPropertyName("rowCount")] public long RowCount { get; } = RowCount;
}
