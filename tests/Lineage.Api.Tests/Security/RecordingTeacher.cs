using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Lineage.Api.Tests.Security;

/// <summary>
/// An OpenAI-compatible teacher on a real local port that records the <c>Authorization</c> header of every call
/// and, like a careless debugging proxy, writes it back into its replies. A problem call (n = 1) gets five
/// distinct "Problem N:" problems, a solution call n solutions ending in <c>\boxed{7}</c>, so the run keeps examples.
/// </summary>
public sealed class RecordingTeacher : IAsyncDisposable
{
    private readonly WebApplication _app;

    private RecordingTeacher(WebApplication app) => _app = app;

    public Uri BaseAddress { get; private set; } = null!;

    public ConcurrentQueue<string> Authorizations { get; } = new();

    public static async Task<RecordingTeacher> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var teacher = new RecordingTeacher(app);
        app.MapPost("/v1/chat/completions", (Delegate)teacher.AnswerAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        teacher.BaseAddress = new Uri(address.TrimEnd('/') + "/v1/");
        return teacher;
    }

    private async Task<IResult> AnswerAsync(HttpContext http)
    {
        var auth = http.Request.Headers.Authorization.ToString();
        Authorizations.Enqueue(auth);
        var body = (await JsonNode.ParseAsync(http.Request.Body))!;
        var n = body["n"]?.GetValue<int>() ?? 1;
        var seed = body["seed"]?.GetValue<long>() ?? 0;
        var echo = $"(the proxy saw '{auth}')";
        string[] contents = n == 1
            ? [string.Join("\n", Enumerable.Range(1, 5).Select(i =>
                $"Problem {i}: A shop {echo} sells {seed % 1000 + i} apples in the morning and {i + 3} in the afternoon. How many apples does it sell?"))]
            : Enumerable.Range(0, n).Select(k => $"Adding the two amounts {echo} gives the total. The answer is \\boxed{{7}}.").ToArray();
        return Results.Json(new JsonObject
        {
            ["id"] = $"chatcmpl-{seed}",
            ["object"] = "chat.completion",
            ["model"] = "recording",
            ["choices"] = new JsonArray(contents.Select((c, i) => (JsonNode)new JsonObject
            {
                ["index"] = i,
                ["message"] = new JsonObject { ["role"] = "assistant", ["content"] = c },
                ["finish_reason"] = "stop",
            }).ToArray()),
            ["usage"] = new JsonObject { ["prompt_tokens"] = 10, ["completion_tokens"] = 10 },
        });
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
