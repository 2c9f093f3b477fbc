using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.Features;

namespace Lineage.Api.Teachers;

/// <summary>
/// A streamed reply (<c>stream: true</c>) as server-sent events, the way OpenAI's API streams one: per choice a
/// chunk with <c>role</c>, chunks with content as tokens are generated, a chunk with the finish reason; with
/// <c>stream_options.include_usage</c> a last chunk with no choices and the usage; then <c>data: [DONE]</c>.
/// Choices stream one after another, each chunk naming its index. Every chunk is flushed as it is written, and a
/// client that disconnects cancels the request, which stops the model at its next token.
/// </summary>
public sealed class ChatCompletionStream(LocalTeacherModel model, ChatCompletionRequest request, PreparedPrompt prompt,
    ChatCompletionWire wire) : IResult
{
    public const string ContentType = "text/event-stream";

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        var response = httpContext.Response;
        var ct = httpContext.RequestAborted;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = ContentType;
        response.Headers.CacheControl = "no-cache";
        httpContext.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
        try
        {
            await response.StartAsync(ct);
            var completionTokens = 0;
            await foreach (var piece in model.StreamAsync(prompt, request.N, request.Temperature, request.TopP, request.Seed,
                               request.Stop, ct))
            {
                if (piece is { Text.Length: 0, FinishReason: null })
                    await WriteAsync(response, wire.Chunk(piece.Index, ChatCompletionWire.RoleDelta(), null, request.IncludeUsage), ct);
                else if (piece.Text.Length > 0)
                    await WriteAsync(response, wire.Chunk(piece.Index, ChatCompletionWire.ContentDelta(piece.Text), null, request.IncludeUsage), ct);
                if (piece.FinishReason is not { } finish) continue;
                completionTokens += piece.CompletionTokens;
                await WriteAsync(response, wire.Chunk(piece.Index, new JsonObject(), finish, request.IncludeUsage), ct);
            }
            if (request.IncludeUsage) await WriteAsync(response, wire.UsageChunk(prompt.Ids.Length, completionTokens), ct);
            await WriteEventAsync(response, "[DONE]", ct);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // The client left: generation has stopped with it, and there is no one to answer.
        }
    }

    private static Task WriteAsync(HttpResponse response, JsonObject chunk, CancellationToken ct) =>
        WriteEventAsync(response, chunk.ToJsonString(), ct);

    private static async Task WriteEventAsync(HttpResponse response, string data, CancellationToken ct)
    {
        await response.WriteAsync($"data: {data}\n\n", ct);
        await response.Body.FlushAsync(ct);
    }
}
