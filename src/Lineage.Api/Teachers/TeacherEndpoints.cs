using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using Lineage.Generators.Teachers;
using Microsoft.Extensions.Options;

namespace Lineage.Api.Teachers;

/// <summary>
/// The OpenAI-compatible surface of the in-process teacher: <c>GET /v1/models</c> and non-streaming
/// <c>POST /v1/chat/completions</c> (messages, n, temperature, top_p, seed, max_tokens, stop).
/// A malformed request answers 400 with validation problem details keyed by the offending field.
/// </summary>
public static class TeacherEndpoints
{
    public static void MapTeacherEndpoints(this IEndpointRouteBuilder app)
    {
        var v1 = app.MapGroup("/v1").WithTags("Teacher (OpenAI-compatible)");
        v1.MapGet("/models", (LocalTeacherProvider provider) =>
        {
            if (provider.Model is not { } model) return NoModel();
            return Results.Json(new
            {
                @object = "list",
                data = new[] { new { id = model.ModelId, @object = "model", created = 0, owned_by = "lineage" } },
            });
        });
        v1.MapPost("/chat/completions", async (HttpRequest http, LocalTeacherProvider provider, IOptions<TeacherHostOptions> options,
            CancellationToken ct) =>
        {
            JsonNode? body;
            try
            {
                body = await JsonNode.ParseAsync(http.Body, cancellationToken: ct);
            }
            catch (JsonException e)
            {
                return Invalid("body", $"the body is not valid JSON: {e.Message}");
            }
            var (request, error) = ChatCompletionRequest.Read(body, options.Value);
            if (error is { } err) return Invalid(err.Field, err.Message);
            if (provider.Model is not { } model) return NoModel();
            if (request!.Model is { } asked && asked != model.ModelId)
                return Results.Problem(statusCode: 404, title: "model not found",
                    detail: $"model '{asked}' is not served here; this host serves '{model.ModelId}'",
                    extensions: new Dictionary<string, object?> { ["field"] = "model" });
            var completion = await model.CompleteAsync(request.Messages, request.N, request.Temperature, request.TopP,
                request.Seed, request.MaxTokens, request.Stop, ct);
            return Results.Json(new JsonObject
            {
                ["id"] = "chatcmpl-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12)),
                ["object"] = "chat.completion",
                ["created"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds(),
                ["model"] = completion.ModelId,
                ["system_fingerprint"] = model.TokenizerId,
                ["seed"] = request.Seed,
                ["choices"] = new JsonArray(completion.Choices.Select(c => (JsonNode)new JsonObject
                {
                    ["index"] = c.Index,
                    ["message"] = new JsonObject { ["role"] = "assistant", ["content"] = c.Content },
                    ["finish_reason"] = c.FinishReason,
                }).ToArray()),
                ["usage"] = new JsonObject
                {
                    ["prompt_tokens"] = completion.PromptTokens,
                    ["completion_tokens"] = completion.Choices.Sum(c => c.CompletionTokens),
                    ["total_tokens"] = completion.PromptTokens + completion.Choices.Sum(c => c.CompletionTokens),
                },
            });
        });
    }

    private static IResult Invalid(string field, string message) =>
        Results.ValidationProblem(new Dictionary<string, string[]> { [field] = [message] },
            detail: $"{field}: {message}", title: $"invalid field '{field}'");

    private static IResult NoModel() =>
        Results.Problem(statusCode: 503, title: "no teacher model",
            detail: $"this host serves no teacher model: set {TeacherHostOptions.Section}:ModelFolder");
}

/// <summary>A validated chat completion request; Seed is drawn at random when the client sends none.</summary>
public sealed record ChatCompletionRequest(
    string? Model, IReadOnlyList<ChatMessage> Messages, int N, double Temperature, double TopP, long Seed, int MaxTokens,
    IReadOnlyList<string> Stop)
{
    public sealed record FieldError(string Field, string Message);

    public static (ChatCompletionRequest? Request, FieldError? Error) Read(JsonNode? body, TeacherHostOptions options)
    {
        if (body is not JsonObject o) return (null, new("body", "the body must be a JSON object"));
        static FieldError E(string f, string m) => new(f, m);
        try
        {
            string? model = null;
            if (o["model"] is { } m)
            {
                if (m.GetValueKind() != JsonValueKind.String) return (null, E("model", "must be a string"));
                model = m.GetValue<string>();
            }
            if (o["stream"] is { } s && s.GetValueKind() == JsonValueKind.True)
                return (null, E("stream", "streaming is not supported; send stream: false or leave it out"));

            if (o["messages"] is not JsonArray arr || arr.Count == 0) return (null, E("messages", "must be a non-empty array"));
            var messages = new List<ChatMessage>();
            for (var i = 0; i < arr.Count; i++)
            {
                if (arr[i] is not JsonObject msg) return (null, E($"messages[{i}]", "must be an object"));
                if (msg["role"] is not JsonValue role || role.GetValueKind() != JsonValueKind.String
                    || role.GetValue<string>() is not ("system" or "user" or "assistant" or "developer"))
                    return (null, E($"messages[{i}].role", "must be one of system, user, assistant, developer"));
                if (msg["content"] is not JsonValue content || content.GetValueKind() != JsonValueKind.String)
                    return (null, E($"messages[{i}].content", "must be a string"));
                messages.Add(new ChatMessage(role.GetValue<string>(), content.GetValue<string>()));
            }

            var n = 1;
            if (o["n"] is { } nNode)
            {
                if (!TryInt(nNode, out n) || n < 1 || n > options.MaxChoices)
                    return (null, E("n", $"must be an integer from 1 to {options.MaxChoices}"));
            }
            var temperature = 1.0;
            if (o["temperature"] is { } t && (!TryDouble(t, out temperature) || temperature < 0 || temperature > 2))
                return (null, E("temperature", "must be a number from 0 to 2"));
            var topP = 1.0;
            if (o["top_p"] is { } p && (!TryDouble(p, out topP) || topP <= 0 || topP > 1))
                return (null, E("top_p", "must be a number in (0, 1]"));
            long seed;
            if (o["seed"] is { } sd)
            {
                if (sd.GetValueKind() != JsonValueKind.Number || !sd.AsValue().TryGetValue<long>(out seed))
                    return (null, E("seed", "must be an integer"));
            }
            else seed = Random.Shared.NextInt64();
            var maxTokens = options.DefaultMaxTokens;
            var maxNode = o["max_tokens"] ?? o["max_completion_tokens"];
            if (maxNode is not null && (!TryInt(maxNode, out maxTokens) || maxTokens < 1 || maxTokens > options.MaxTokensLimit))
                return (null, E(o["max_tokens"] is null ? "max_completion_tokens" : "max_tokens", $"must be an integer from 1 to {options.MaxTokensLimit}"));
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
                    return (null, E("stop", "must be a string or an array of at most 4 strings"));
            }
            if (stop.Any(string.IsNullOrEmpty)) return (null, E("stop", "stop strings must not be empty"));
            return (new ChatCompletionRequest(model, messages, n, temperature, topP, seed, maxTokens, stop), null);
        }
        catch (Exception e) when (e is InvalidOperationException or FormatException)
        {
            return (null, E("body", e.Message));
        }
    }

    private static bool TryInt(JsonNode node, out int value)
    {
        value = 0;
        return node.GetValueKind() == JsonValueKind.Number && node.AsValue().TryGetValue(out value);
    }

    private static bool TryDouble(JsonNode node, out double value)
    {
        value = 0;
        return node.GetValueKind() == JsonValueKind.Number && node.AsValue().TryGetValue(out value);
    }
}
