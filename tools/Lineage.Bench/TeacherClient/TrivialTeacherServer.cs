using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace Lineage.Bench.TeacherClient;

/// <summary>
/// A "trivial model" behind an OpenAI-compatible <c>POST /v1/chat/completions</c> on Kestrel (127.0.0.1, a free
/// port): it reads the whole request body and answers one fixed completion, so what a benchmark measures is
/// HTTP and the client, never generation. The first body it receives is kept, so a bare client can send
/// exactly the bytes the Lineage client sent.
/// </summary>
public sealed class TrivialTeacherServer : IAsyncDisposable
{
    public const string ModelId = "trivial";
    public const string Content = "Problem 1: What is 2 + 3?";

    private readonly WebApplication _app;
    private string? _firstBody;
    private long _requests;

    private TrivialTeacherServer(WebApplication app) => _app = app;

    /// <summary>The API root clients are given (<c>http://127.0.0.1:port/v1/</c>).</summary>
    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>The reply every request gets, byte for byte.</summary>
    public byte[] Reply { get; } = Encoding.UTF8.GetBytes(new JsonObject
    {
        ["id"] = "chatcmpl-trivial",
        ["object"] = "chat.completion",
        ["created"] = 0,
        ["model"] = ModelId,
        ["choices"] = new JsonArray(new JsonObject
        {
            ["index"] = 0,
            ["message"] = new JsonObject { ["role"] = "assistant", ["content"] = Content },
            ["finish_reason"] = "stop",
        }),
        ["usage"] = new JsonObject { ["prompt_tokens"] = 1, ["completion_tokens"] = 1, ["total_tokens"] = 2 },
    }.ToJsonString());

    public string? FirstBody => Volatile.Read(ref _firstBody);

    public long Requests => Interlocked.Read(ref _requests);

    public static async Task<TrivialTeacherServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var server = new TrivialTeacherServer(app);
        app.MapPost("/v1/chat/completions", server.AnswerAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server.BaseAddress = new Uri(address.TrimEnd('/') + "/v1/");
        return server;
    }

    private async Task AnswerAsync(HttpContext context)
    {
        using var body = new StreamReader(context.Request.Body, Encoding.UTF8);
        var text = await body.ReadToEndAsync(context.RequestAborted);
        Interlocked.CompareExchange(ref _firstBody, text, null);
        Interlocked.Increment(ref _requests);
        context.Response.ContentType = "application/json";
        context.Response.ContentLength = Reply.Length;
        await context.Response.Body.WriteAsync(Reply, context.RequestAborted);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
