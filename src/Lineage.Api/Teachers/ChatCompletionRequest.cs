using System.Text.Json;
using System.Text.Json.Nodes;
using Lineage.Generators.Teachers;

namespace Lineage.Api.Teachers;

/// <summary>
/// A validated <c>POST /v1/chat/completions</c> body. Every limit is checked here, on the parsed JSON, before
/// anything is tokenised. Seed is drawn at random when the client sends none (and echoed in the reply).
/// </summary>
public sealed record ChatCompletionRequest(
    string? Model, IReadOnlyList<ChatMessage> Messages, int N, double Temperature, double TopP, long Seed, int MaxTokens,
    IReadOnlyList<string> Stop, bool Stream = false, bool IncludeUsage = false)
{
    public static (ChatCompletionRequest? Request, OpenAiError? Error) Read(JsonNode? body, TeacherHostOptions options)
    {
        if (body is not JsonObject o) return (null, OpenAiError.Invalid(null, "the body must be a JSON object", "invalid_type"));
        static OpenAiError E(string param, string message, string code) => OpenAiError.Invalid(param, $"{param}: {message}", code);
        try
        {
            string? model = null;
            if (o["model"] is { } m)
            {
                if (m.GetValueKind() != JsonValueKind.String) return (null, E("model", "must be a string", "invalid_type"));
                model = m.GetValue<string>();
            }

            var stream = false;
            if (o["stream"] is { } s)
            {
                if (s.GetValueKind() is not (JsonValueKind.True or JsonValueKind.False or JsonValueKind.Null))
                    return (null, E("stream", "must be a boolean", "invalid_type"));
                stream = s.GetValueKind() == JsonValueKind.True;
            }
            var includeUsage = false;
            if (o["stream_options"] is { } so)
            {
                if (so is not JsonObject streamOptions) return (null, E("stream_options", "must be an object", "invalid_type"));
                if (!stream) return (null, E("stream_options", "is only allowed with stream: true", "invalid_value"));
                if (streamOptions["include_usage"] is { } iu)
                {
                    if (iu.GetValueKind() is not (JsonValueKind.True or JsonValueKind.False))
                        return (null, E("stream_options.include_usage", "must be a boolean", "invalid_type"));
                    includeUsage = iu.GetValueKind() == JsonValueKind.True;
                }
            }

            if (o["messages"] is not { } messagesNode) return (null, E("messages", "is required", "missing_required_parameter"));
            if (messagesNode is not JsonArray arr) return (null, E("messages", "must be an array", "invalid_type"));
            if (arr.Count == 0) return (null, E("messages", "must not be empty", "empty_array"));
            if (arr.Count > options.MaxMessages)
                return (null, E("messages", $"has {arr.Count} messages; at most {options.MaxMessages} are allowed", "array_above_max_length"));
            var messages = new List<ChatMessage>(arr.Count);
            long characters = 0;
            for (var i = 0; i < arr.Count; i++)
            {
                if (arr[i] is not JsonObject msg) return (null, E($"messages[{i}]", "must be an object", "invalid_type"));
                if (msg["role"] is not JsonValue role || role.GetValueKind() != JsonValueKind.String
                    || role.GetValue<string>() is not ("system" or "user" or "assistant" or "developer"))
                    return (null, E($"messages[{i}].role", "must be one of system, user, assistant, developer", "invalid_value"));
                if (msg["content"] is not JsonValue content || content.GetValueKind() != JsonValueKind.String)
                    return (null, E($"messages[{i}].content", "must be a string", "invalid_type"));
                var text = content.GetValue<string>();
                characters += text.Length;
                if (characters > options.MaxPromptCharacters)
                    return (null, E("messages", $"the messages' contents exceed {options.MaxPromptCharacters} characters", "context_length_exceeded"));
                messages.Add(new ChatMessage(role.GetValue<string>(), text));
            }

            var n = 1;
            if (o["n"] is { } nNode && ReadInt(nNode, "n", 1, options.MaxChoices, out n) is { } nError) return (null, nError);
            var temperature = 1.0;
            if (o["temperature"] is { } t && (!TryDouble(t, out temperature) || temperature < 0 || temperature > 2))
                return (null, E("temperature", "must be a number from 0 to 2", t.GetValueKind() == JsonValueKind.Number ? "invalid_value" : "invalid_type"));
            var topP = 1.0;
            if (o["top_p"] is { } p && (!TryDouble(p, out topP) || topP <= 0 || topP > 1))
                return (null, E("top_p", "must be a number in (0, 1]", p.GetValueKind() == JsonValueKind.Number ? "invalid_value" : "invalid_type"));
            long seed;
            if (o["seed"] is { } sd)
            {
                if (sd.GetValueKind() != JsonValueKind.Number || !sd.AsValue().TryGetValue<long>(out seed))
                    return (null, E("seed", "must be an integer", "invalid_type"));
            }
            else seed = Random.Shared.NextInt64();
            var maxTokens = options.DefaultMaxTokens;
            var maxName = o["max_tokens"] is null ? "max_completion_tokens" : "max_tokens";
            if (o[maxName] is { } maxNode && ReadInt(maxNode, maxName, 1, options.MaxTokensLimit, out maxTokens) is { } maxError)
                return (null, maxError);

            var stop = new List<string>();
            switch (o["stop"])
            {
                case null: break;
                case JsonValue sv when sv.GetValueKind() == JsonValueKind.String:
                    stop.Add(sv.GetValue<string>());
                    break;
                case JsonArray sa when sa.Count <= 4 && sa.All(x => x is JsonValue xv && xv.GetValueKind() == JsonValueKind.String):
                    stop.AddRange(sa.Select(x => x!.GetValue<string>()));
                    break;
                default:
                    return (null, E("stop", "must be a string or an array of at most 4 strings", "invalid_type"));
            }
            if (stop.Any(string.IsNullOrEmpty)) return (null, E("stop", "stop sequences must not be empty", "invalid_value"));
            if (stop.Any(x => x.Length > options.MaxStopLength))
                return (null, E("stop", $"stop sequences must be at most {options.MaxStopLength} characters", "string_above_max_length"));
            return (new ChatCompletionRequest(model, messages, n, temperature, topP, seed, maxTokens, stop, stream, includeUsage), null);
        }
        catch (Exception e) when (e is InvalidOperationException or FormatException)
        {
            return (null, OpenAiError.Invalid(null, e.Message, "invalid_request"));
        }
    }

    /// <summary>An integer in [min, max], with OpenAI's codes for a value on either side of the range.</summary>
    private static OpenAiError? ReadInt(JsonNode node, string param, int min, int max, out int value)
    {
        value = 0;
        var message = $"{param}: must be an integer from {min} to {max}";
        if (node.GetValueKind() != JsonValueKind.Number || !node.AsValue().TryGetValue(out decimal number) || number != decimal.Truncate(number))
            return OpenAiError.Invalid(param, message, "invalid_type");
        if (number < min) return OpenAiError.Invalid(param, message, "integer_below_min_value");
        if (number > max) return OpenAiError.Invalid(param, message, "integer_above_max_value");
        value = (int)number;
        return null;
    }

    private static bool TryDouble(JsonNode node, out double value)
    {
        value = 0;
        return node.GetValueKind() == JsonValueKind.Number && node.AsValue().TryGetValue(out value);
    }
}
