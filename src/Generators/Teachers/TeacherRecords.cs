namespace Lineage.Generators.Teachers;

/// <summary>What to ask: the model id as the server knows it, the chat, and how to sample.</summary>
public sealed record TeacherRequest(string Model, IReadOnlyList<ChatMessage> Messages, SamplingParameters Parameters);

/// <summary>
/// One sampled completion. Reasoning is the server's separate reasoning field
/// (reasoning_content or reasoning) when it sends one; inline &lt;think&gt; blocks
/// stay in Content and are split by the prompt parsers.
/// </summary>
public sealed record TeacherChoice(int Index, string? Content, string? Reasoning, string? FinishReason)
{
    /// <summary>True when the completion hit max_tokens: its answer, if any, may be cut short.</summary>
    public bool WasTruncated => FinishReason == "length";
}

public sealed record TokenUsage(long PromptTokens, long CompletionTokens)
{
    public long TotalTokens => PromptTokens + CompletionTokens;
}

/// <summary>
/// The outcome of one call, successful or not. RawResponse is the body exactly as
/// received (also for failures), so a parsing rule can be re-run later.
/// Attempts counts HTTP attempts including retries.
/// </summary>
public sealed record TeacherResponse(
    TeacherRequest Request,
    bool Succeeded,
    string? ModelId,
    string? ResponseId,
    IReadOnlyList<TeacherChoice> Choices,
    TokenUsage? Usage,
    string? RawResponse,
    int? StatusCode,
    string? FailureReason,
    int Attempts,
    TimeSpan Elapsed);
