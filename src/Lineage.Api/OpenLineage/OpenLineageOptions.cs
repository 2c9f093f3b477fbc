namespace Lineage.Api.OpenLineage;

/// <summary>Where OpenLineage run events go: nowhere (the default), a Marquez-compatible HTTP endpoint, or a file.</summary>
public enum OpenLineageSink
{
    Off,
    Http,
    File,
}

/// <summary>Settings of OpenLineage emission, bound from <c>Lineage:OpenLineage</c>.</summary>
public sealed class OpenLineageOptions
{
    public const string Section = "Lineage:OpenLineage";

    public OpenLineageSink Sink { get; set; } = OpenLineageSink.Off;

    /// <summary>Http: the server's base URL (Marquez: <c>http://marquez:5000</c>); events are posted to <see cref="Url"/> + <see cref="Endpoint"/>.</summary>
    public string? Url { get; set; }

    public string Endpoint { get; set; } = "api/v1/lineage";

    /// <summary>Http: sent as <c>Authorization: Bearer KEY</c> (the OpenLineage HTTP transport's convention), or in <see cref="ApiKeyHeader"/>.</summary>
    public string? ApiKey { get; set; }

    public string ApiKeyHeader { get; set; } = "Authorization";

    /// <summary>File: events are appended here, one JSON object a line.</summary>
    public string? Path { get; set; }

    /// <summary>The namespace of Lineage's jobs and of its own datasets (versions, the default proxy).</summary>
    public string Namespace { get; set; } = "lineage";

    /// <summary>A run's job name; <c>{pipeline}</c> is replaced.</summary>
    public string JobName { get; set; } = "{pipeline}";

    /// <summary>A stage run's job name; <c>{pipeline}</c> and <c>{stage}</c> are replaced.</summary>
    public string StageJobName { get; set; } = "{pipeline}.{stage}";

    /// <summary>The producer URI every event and facet carries; set it to your repository's URL.</summary>
    public string Producer { get; set; } = "urn:lineage:openlineage";

    /// <summary>Where Lineage's own facet schemas (docs/openlineage/facets) are published; their <c>_schemaURL</c> starts with it.</summary>
    public string FacetSchemaBaseUrl { get; set; } = "urn:lineage:openlineage:facets:1-0-0:";

    /// <summary>Events waiting to be sent. When it is full the subscription waits (it never drops, and no stage waits on it).</summary>
    public int QueueCapacity { get; set; } = 10_000;

    /// <summary>Http: retries of one request, with exponential back-off and jitter, before the sender pauses and tries again.</summary>
    public int MaxRetryAttempts { get; set; } = 6;

    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The longest back-off between retries, and the pause before an event whose retries ran out is tried again.</summary>
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromSeconds(60);

    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(10);

    public string StageJob(string pipeline, string stage) =>
        StageJobName.Replace("{pipeline}", pipeline, StringComparison.Ordinal).Replace("{stage}", stage, StringComparison.Ordinal);

    public string RunJob(string pipeline) => JobName.Replace("{pipeline}", pipeline, StringComparison.Ordinal);
}
