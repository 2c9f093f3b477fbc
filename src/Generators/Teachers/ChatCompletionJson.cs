using System.Text.Json;
using System.Text.Json.Nodes;

namespace Lineage.Generators.Teachers;

/// <summary>The parts of a chat-completions reply that a teacher response keeps.</summary>
internal sealed record ParsedCompletion(string? ModelId, string? ResponseId, IReadOnlyList<TeacherChoice> Choices, TokenUsage? Usage);

/// <summary>Request body writing and response body reading for /v1/chat/completions.</summary>
internal static class ChatCompletionJson
{
    public static string RequestBody(TeacherRequest request)
    {
        var p = request.Parameters;
        var body = new JsonObject
        {
            ["model"] = request.Model,
            ["messages"] = new JsonArray(request.Messages
                .Select(m => (JsonNode)new JsonObject { ["role"] = m.Role, ["content"] = m.Content }).ToArray()),
            ["temperature"] = p.Temperature,
            ["top_p"] = p.TopP,
            ["n"] = p.N,
        };
        if (p.MaxTokens is { } maxTokens) body["max_tokens"] = maxTokens;
        if (p.Seed is { } seed) body["seed"] = seed;
        if (p.Stop is { Count: > 0 } stop) body["stop"] = new JsonArray(stop.Select(s => (JsonNode)JsonValue.Create(s)!).ToArray());
        return body.ToJsonString();
    }

    /// <summary>The parsed reply, or the reason it cannot be used.</summary>
    public static (ParsedCompletion? Completion, string? Failure) Parse(string raw)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(raw);
        }
        catch (JsonException e)
        {
            return (null, $"malformed JSON: {e.Message}");
        }
        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object) return (null, "the response is not a JSON object");
            if (root.TryGetProperty("error", out var error) && error.ValueKind != JsonValueKind.Null)
                return (null, $"the server returned an error: {ErrorMessage(error)}");
            if (!root.TryGetProperty("choices", out var choices) || choices.ValueKind != JsonValueKind.Array)
                return (null, "the response has no choices array");

            var parsed = choices.EnumerateArray().Select((c, i) =>
            {
                var message = c.TryGetProperty("message", out var m) && m.ValueKind == JsonValueKind.Object ? m : default;
                return new TeacherChoice(
                    c.TryGetProperty("index", out var index) && index.TryGetInt32(out var n) ? n : i,
                    String(message, "content"),
                    String(message, "reasoning_content") ?? String(message, "reasoning"),
                    String(c, "finish_reason"));
            }).ToList();
            TokenUsage? usage = root.TryGetProperty("usage", out var u) && u.ValueKind == JsonValueKind.Object
                ? new TokenUsage(Long(u, "prompt_tokens"), Long(u, "completion_tokens"))
                : null;
            return (new ParsedCompletion(String(root, "model"), String(root, "id"), parsed, usage), null);
        }
    }

    private static string? String(JsonElement obj, string name) =>
        obj.ValueKind == JsonValueKind.Object && obj.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    private static long Long(JsonElement obj, string name) =>
        obj.TryGetProperty(name, out var v) && v.TryGetInt64(out var n) ? n : 0;

    private static string ErrorMessage(JsonElement error) => error.ValueKind switch
    {
        JsonValueKind.String => error.GetString() ?? "",
        JsonValueKind.Object => String(error, "message") ?? error.GetRawText(),
        _ => error.GetRawText(),
    };
}
