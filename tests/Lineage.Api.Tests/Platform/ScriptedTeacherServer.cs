using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Lineage.Api.Tests.Platform;

/// <summary>
/// A teacher with known answers behind a real OpenAI-compatible <c>POST /v1/chat/completions</c> on Kestrel. The
/// tiny in-process model writes byte noise, which never parses as a problem, so nothing would reach the vote; this
/// server's replies are a pure function of the request, chosen so that a run meets every row of the vote table.
/// <para>
/// A problem call (its prompt shows the "### Problem 1" layout) gets two problems, "Case c: Ann has a apples and buys
/// b more. How many apples does she have now?", c and the numbers taken from the request's seed. A solution call gets
/// n samples whose boxed answers follow case c's pattern over x = a + b (none: no box): 0 [x, x, x], 1 [x, x, x+1],
/// 2 [x, x+1, x+2], 3 [x, x+1, none], 4 [x, none, none], 5 [x, x, a 301-digit answer], 6 [x boxed only inside the
/// reasoning, x, x+1]. Sample 1 carries its reasoning in <c>reasoning_content</c>, as vLLM sends it.
/// </para>
/// </summary>
public sealed partial class ScriptedTeacherServer : IAsyncDisposable
{
    public const string ModelId = "scripted-teacher";
    public const int Cases = 7;

    private readonly WebApplication _app;

    private ScriptedTeacherServer(WebApplication app) => _app = app;

    public Uri BaseAddress { get; private set; } = null!;

    public static async Task<ScriptedTeacherServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        app.MapPost("/v1/chat/completions", async (HttpContext http) =>
        {
            var request = (await JsonNode.ParseAsync(http.Request.Body))!.AsObject();
            return Results.Text(Reply(request).ToJsonString(), "application/json");
        });
        var server = new ScriptedTeacherServer(app);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server.BaseAddress = new Uri(address.TrimEnd('/') + "/v1/");
        return server;
    }

    /// <summary>The problem text of case <paramref name="c"/> with addends a and b.</summary>
    public static string Problem(int c, int a, int b) => $"Case {c}: Ann has {a} apples and buys {b} more. How many apples does she have now?";

    public static JsonObject Reply(JsonObject request)
    {
        var seed = request["seed"]?.GetValue<long>() ?? 0;
        var n = request["n"]?.GetValue<int>() ?? 1;
        var user = request["messages"]!.AsArray().Last()!["content"]!.GetValue<string>();
        var choices = new JsonArray();
        if (user.Contains("### Problem 1", StringComparison.Ordinal))
        {
            var first = (int)(Math.Abs(seed) % Cases);
            var a = (int)(Math.Abs(seed / 7) % 40) + 2;
            var text = $"### Problem 1\n{Problem(first, a, 3)}\n\n### Problem 2\n{Problem((first + 1) % Cases, a + 1, 5)}";
            choices.Add(Choice(0, text, null));
        }
        else
        {
            var m = CaseOf().Match(user);
            var c = int.Parse(m.Groups[1].Value);
            var x = int.Parse(m.Groups[2].Value) + int.Parse(m.Groups[3].Value);
            for (var k = 0; k < n; k++)
            {
                var (content, reasoning) = Sample(c, k, x);
                choices.Add(Choice(k, content, reasoning));
            }
        }
        return new JsonObject
        {
            ["id"] = $"chatcmpl-scripted-{seed}",
            ["object"] = "chat.completion",
            ["created"] = 0,
            ["model"] = ModelId,
            ["choices"] = choices,
            ["usage"] = new JsonObject { ["prompt_tokens"] = 1, ["completion_tokens"] = 1, ["total_tokens"] = 2 },
        };
    }

    private static (string Content, string? Reasoning) Sample(int c, int k, int x)
    {
        string Boxed(string answer) => $"Adding the apples she buys to those she has gives the total. The answer is \\boxed{{{answer}}}.";
        const string none = "She has some apples, and then some more; I could not settle on a number.";
        var reasoning = k == 1 ? $"Count the apples: start, add the new ones, and total {x}." : null;
        var content = (c, k) switch
        {
            (1, 2) or (3, 1) => Boxed((x + 1).ToString()),
            (2, 1) => Boxed((x + 1).ToString()),
            (2, 2) => Boxed((x + 2).ToString()),
            (3, 2) or (4, 1) or (4, 2) => none,
            (5, 2) => Boxed(new string('9', 301)),
            (6, 0) => $"<think>Adding gives \\boxed{{{x}}}.</think>So that is how many she has now.",
            (6, 2) => Boxed((x + 1).ToString()),
            _ => Boxed(x.ToString()),
        };
        return (content, reasoning);
    }

    private static JsonObject Choice(int index, string content, string? reasoning)
    {
        var message = new JsonObject { ["role"] = "assistant", ["content"] = content };
        if (reasoning is not null) message["reasoning_content"] = reasoning;
        return new JsonObject { ["index"] = index, ["message"] = message, ["finish_reason"] = "stop" };
    }

    [GeneratedRegex(@"Case (\d+): Ann has (\d+) apples and buys (\d+) more")]
    private static partial Regex CaseOf();

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
