using System.Text.Json;
using System.Text.Json.Serialization;

namespace Lineage.Api.OpenLineage;

/// <summary>
/// An OpenLineage run event (spec 2-0-2): one transition (START, COMPLETE, FAIL) of one run of one job, with the
/// datasets it read and wrote. Facets are keyed by name; each value is a facet record carrying <c>_producer</c>
/// and <c>_schemaURL</c>.
/// </summary>
public sealed record RunEvent(
    [property: JsonPropertyName("eventType")] string EventType,
    [property: JsonPropertyName("eventTime")] DateTimeOffset EventTime,
    [property: JsonPropertyName("run")] RunRef Run,
    [property: JsonPropertyName("job")] JobRef Job,
    [property: JsonPropertyName("inputs")] IReadOnlyList<Dataset> Inputs,
    [property: JsonPropertyName("outputs")] IReadOnlyList<Dataset> Outputs,
    [property: JsonPropertyName("producer")] string Producer)
{
    public const string SpecVersion = "2-0-2";

    [JsonPropertyName("schemaURL")]
    public string SchemaUrl => $"https://openlineage.io/spec/{SpecVersion}/OpenLineage.json#/$defs/RunEvent";

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public string ToJson() => JsonSerializer.Serialize(this, Json);
}

public static class RunEventTypes
{
    public const string Start = "START";
    public const string Complete = "COMPLETE";
    public const string Fail = "FAIL";
}

public sealed record RunRef(
    [property: JsonPropertyName("runId")] Guid RunId,
    [property: JsonPropertyName("facets")] IReadOnlyDictionary<string, object> Facets);

public sealed record JobRef(
    [property: JsonPropertyName("namespace")] string Namespace,
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("facets")] IReadOnlyDictionary<string, object>? Facets = null);

/// <summary>An input or output dataset; only outputs carry <see cref="OutputFacets"/>.</summary>
public sealed record Dataset(
    [property: JsonPropertyName("namespace")] string Namespace,
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("facets")] IReadOnlyDictionary<string, object>? Facets = null,
    [property: JsonPropertyName("outputFacets")] IReadOnlyDictionary<string, object>? OutputFacets = null);
