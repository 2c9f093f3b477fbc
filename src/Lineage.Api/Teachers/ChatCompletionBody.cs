using System.Text.Json;
using System.Text.Json.Nodes;

namespace Lineage.Api.Teachers;

/// <summary>
/// Reads a <c>/v1</c> request body defensively: JSON only (415 otherwise), at most
/// <see cref="TeacherHostOptions.MaxRequestBytes"/> (413, decided from Content-Length when the client sends one and
/// by counting otherwise, so a chunked body cannot get past it), then parsed.
/// </summary>
public static class ChatCompletionBody
{
    public static async Task<(JsonNode? Body, OpenAiError? Error)> ReadAsync(HttpRequest request, int maxBytes, CancellationToken ct)
    {
        if (!request.HasJsonContentType())
            return (null, new OpenAiError(415,
                $"Content-Type must be application/json, not '{request.ContentType ?? "(none)"}'", null, "unsupported_media_type"));
        if (request.ContentLength > maxBytes) return (null, TooLarge(maxBytes));

        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, ct)) > 0)
        {
            if (buffer.Length + read > maxBytes) return (null, TooLarge(maxBytes));
            buffer.Write(chunk, 0, read);
        }
        buffer.Position = 0;
        try
        {
            return (await JsonNode.ParseAsync(buffer, cancellationToken: ct), null);
        }
        catch (JsonException e)
        {
            return (null, OpenAiError.Invalid(null, $"the body is not valid JSON: {e.Message}", "invalid_json"));
        }
    }

    private static OpenAiError TooLarge(int maxBytes) =>
        new(413, $"the request body exceeds {maxBytes} bytes", null, "request_too_large");
}
