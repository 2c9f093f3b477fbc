using System.Security.Cryptography;
using Microsoft.Extensions.Options;

namespace Lineage.Api.Teachers;

/// <summary>
/// The OpenAI-compatible surface of the in-process teacher: <c>GET /v1/models</c> and <c>POST /v1/chat/completions</c>
/// (messages, n, temperature, top_p, seed, max_tokens, stop, stream, stream_options.include_usage).
/// Errors answer in OpenAI's shape (<see cref="OpenAiError"/>): the status says what kind, <c>param</c> names the
/// field and <c>code</c> the reason. docs/generators.md describes the wire format.
/// </summary>
public static class TeacherEndpoints
{
    public static void MapTeacherEndpoints(this IEndpointRouteBuilder app)
    {
        var v1 = app.MapGroup(OpenAiProblemDetailsWriter.Root).WithTags("Teacher (OpenAI-compatible)");
        v1.MapGet("/models", (LocalTeacherProvider provider) =>
        {
            if (provider.Model is not { } model) return NoModel().ToResult();
            return Results.Json(new
            {
                @object = "list",
                data = new[] { new { id = model.ModelId, @object = "model", created = 0, owned_by = "lineage" } },
            });
        });
        v1.MapPost("/chat/completions", async (HttpRequest http, LocalTeacherProvider provider, IOptions<TeacherHostOptions> options,
            CancellationToken ct) =>
        {
            var (body, bodyError) = await ChatCompletionBody.ReadAsync(http, options.Value.MaxRequestBytes, ct);
            if (bodyError is not null) return bodyError.ToResult();
            var (request, error) = ChatCompletionRequest.Read(body, options.Value);
            if (error is not null) return error.ToResult();
            if (provider.Model is not { } model) return NoModel().ToResult();
            if (request!.Model is { } asked && asked != model.ModelId)
                return new OpenAiError(404, $"The model '{asked}' does not exist; this host serves '{model.ModelId}'.", "model",
                    "model_not_found").ToResult();

            var prompt = model.Prepare(request.Messages, request.MaxTokens);
            var wire = new ChatCompletionWire("chatcmpl-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12)),
                DateTimeOffset.UtcNow.ToUnixTimeSeconds(), model.ModelId, model.TokenizerId, request.Seed);
            if (request.Stream) return new ChatCompletionStream(model, request, prompt, wire);
            var completion = await model.CompleteAsync(prompt, request.N, request.Temperature, request.TopP, request.Seed,
                request.Stop, ct);
            return Results.Json(wire.Completion(completion));
        });
    }

    private static OpenAiError NoModel() =>
        new(503, $"this host serves no teacher model: set {TeacherHostOptions.Section}:ModelFolder", null, "model_not_loaded");
}
