namespace Lineage.Generators.Teachers;

/// <summary>
/// Where an OpenAI-compatible server (vLLM, Ollama, TGI, SGLang) is and how hard
/// to try. Generation calls are long, so the attempt time-out is minutes, and
/// retries back off for up to a minute, longer if the server says so (Retry-After).
/// </summary>
public sealed record OpenAiTeacherOptions
{
    /// <summary>The API root, for example http://localhost:8000/v1/; "chat/completions" is appended.</summary>
    public required Uri BaseAddress { get; init; }

    public string? ApiKey { get; init; }

    /// <summary>Calls in flight at once; the rest wait their turn (no call is rejected for load).</summary>
    public int MaxConcurrency { get; init; } = 8;

    public TimeSpan AttemptTimeout { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Covers all attempts and the waits between them.</summary>
    public TimeSpan TotalTimeout { get; init; } = TimeSpan.FromMinutes(20);

    public int MaxRetries { get; init; } = 4;

    /// <summary>First back-off delay; it doubles with each retry (with jitter).</summary>
    public TimeSpan RetryBaseDelay { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Cap on any single wait, including one asked for by Retry-After.</summary>
    public TimeSpan MaxRetryDelay { get; init; } = TimeSpan.FromMinutes(1);

    public bool UseJitter { get; init; } = true;

    public const long DefaultMaxResponseBytes = 16 << 20;

    /// <summary>Largest response body read from the teacher (a completion of n choices is far below it).</summary>
    public long MaxResponseBytes { get; init; } = DefaultMaxResponseBytes;

    internal Uri ChatCompletionsUri =>
        new(BaseAddress.AbsoluteUri.EndsWith('/') ? BaseAddress : new Uri(BaseAddress.AbsoluteUri + "/"), "chat/completions");
}
