using System.Text.Json.Nodes;

namespace Lineage.Api.Teachers;

/// <summary>
/// The JSON objects <c>/v1/chat/completions</c> answers with, as OpenAI's API spells them: a
/// <c>chat.completion</c>, and for a streamed reply the <c>chat.completion.chunk</c>s (one object per server-sent event).
/// </summary>
public sealed record ChatCompletionWire(string Id, long Created, string Model, string SystemFingerprint, long Seed)
{
    public JsonObject Completion(LocalCompletion completion) => new()
    {
        ["id"] = Id,
        ["object"] = "chat.completion",
        ["created"] = Created,
        ["model"] = Model,
        ["system_fingerprint"] = SystemFingerprint,
        ["seed"] = Seed,
        ["choices"] = new JsonArray(completion.Choices.Select(c => (JsonNode)new JsonObject
        {
            ["index"] = c.Index,
            ["message"] = new JsonObject { ["role"] = "assistant", ["content"] = c.Content },
            ["logprobs"] = null,
            ["finish_reason"] = c.FinishReason,
        }).ToArray()),
        ["usage"] = Usage(completion.PromptTokens, completion.Choices.Sum(c => c.CompletionTokens)),
    };

    /// <summary>A chunk with one choice's delta; with <paramref name="withUsage"/> it carries <c>usage: null</c>, as OpenAI's do
    /// when the client asked for usage (only the last chunk has it).</summary>
    public JsonObject Chunk(int index, JsonObject delta, string? finishReason, bool withUsage)
    {
        var chunk = Envelope(new JsonArray(new JsonObject
        {
            ["index"] = index,
            ["delta"] = delta,
            ["logprobs"] = null,
            ["finish_reason"] = finishReason,
        }));
        if (withUsage) chunk["usage"] = null;
        return chunk;
    }

    /// <summary>The last chunk of a stream that asked for usage: no choices, the whole request's usage.</summary>
    public JsonObject UsageChunk(int promptTokens, int completionTokens)
    {
        var chunk = Envelope([]);
        chunk["usage"] = Usage(promptTokens, completionTokens);
        return chunk;
    }

    public static JsonObject RoleDelta() => new() { ["role"] = "assistant", ["content"] = "" };

    public static JsonObject ContentDelta(string text) => new() { ["content"] = text };

    public static JsonObject Usage(int promptTokens, int completionTokens) => new()
    {
        ["prompt_tokens"] = promptTokens,
        ["completion_tokens"] = completionTokens,
        ["total_tokens"] = promptTokens + completionTokens,
    };

    private JsonObject Envelope(JsonArray choices) => new()
    {
        ["id"] = Id,
        ["object"] = "chat.completion.chunk",
        ["created"] = Created,
        ["model"] = Model,
        ["system_fingerprint"] = SystemFingerprint,
        ["choices"] = choices,
    };
}
