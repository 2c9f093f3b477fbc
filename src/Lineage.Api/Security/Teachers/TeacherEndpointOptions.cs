namespace Lineage.Api.Security.Teachers;

/// <summary>
/// The teachers pipelines may call, bound from <c>Lineage:Teachers</c>. A pipeline names one (by name, or by its
/// exact base URL); the host sends that endpoint's key to that endpoint and to nothing else.
/// </summary>
public sealed class TeacherEndpointsOptions
{
    public const string Section = "Lineage:Teachers";

    public List<TeacherEndpoint> Endpoints { get; set; } = [];
}

public sealed class TeacherEndpoint
{
    /// <summary>What a pipeline's <c>generator.endpoint</c> says, e.g. <c>vllm-a100</c>.</summary>
    public string Name { get; set; } = "";

    /// <summary>The OpenAI-compatible root, e.g. <c>https://teacher.internal/v1/</c>.</summary>
    public string BaseUrl { get; set; } = "";

    /// <summary>Sent as <c>Authorization: Bearer</c> to <see cref="BaseUrl"/> only; never recorded anywhere.</summary>
    public string? ApiKey { get; set; }
}
