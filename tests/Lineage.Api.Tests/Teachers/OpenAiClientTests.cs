using System.Diagnostics;
using System.Net;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Lineage.Api.Tests.Platform;

namespace Lineage.Api.Tests.Teachers;

/// <summary>A fact that needs <c>node</c> on the PATH: skipped, saying so, where there is none.</summary>
public sealed class NodeFactAttribute : FactAttribute
{
    public NodeFactAttribute()
    {
        if (NodeJs.Find("node") is null) Skip = "node is not on the PATH: install nodejs and npm (scripts/setup.sh does) to run the openai client check";
    }
}

/// <summary>Finds node and npm, and the client check project (tests/openai-client) beside this file.</summary>
public static class NodeJs
{
    public static string? Find(string tool) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
        .Select(dir => Path.Combine(dir, tool)).FirstOrDefault(File.Exists);

    public static string ClientFolder([CallerFilePath] string sourceFile = "") =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(sourceFile)!, "..", "..", "openai-client"));

    public static async Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(string tool, string folder, TimeSpan timeout,
        params string[] arguments)
    {
        var start = new ProcessStartInfo(Find(tool) ?? throw new InvalidOperationException($"{tool} is not on the PATH"))
        {
            WorkingDirectory = folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var limit = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{tool} {string.Join(' ', arguments)} ran past {timeout}: {await stderr}");
        }
        return (process.ExitCode, await stdout, await stderr);
    }

    /// <summary>Installs the pinned client (package-lock.json) unless node_modules already has it.</summary>
    public static async Task EnsureInstalledAsync(string folder)
    {
        if (File.Exists(Path.Combine(folder, "node_modules", "openai", "package.json"))) return;
        var (exit, stdout, stderr) = await RunAsync("npm", folder, TimeSpan.FromMinutes(5), "ci", "--no-audit", "--no-fund");
        Assert.True(exit == 0, $"npm ci failed ({exit}):\n{stdout}\n{stderr}");
    }
}

/// <summary>
/// The official <c>openai</c> npm client against the whole host on a real Kestrel port: what it decodes from
/// <c>/v1</c> (models, n choices with usage, a stream and its usage chunk, its own stream accumulator, typed errors)
/// must agree with the non-streamed reply and with OpenAI's error contract. tests/openai-client/check.mjs drives it.
/// </summary>
[Trait("Category", "Integration")]
public sealed class OpenAiClientTests(SelfTeachingFixture f) : IClassFixture<SelfTeachingFixture>
{
    private async Task<JsonElement> RunCheckAsync()
    {
        var folder = NodeJs.ClientFolder();
        await NodeJs.EnsureInstalledAsync(folder);
        var (exit, stdout, stderr) = await NodeJs.RunAsync("node", folder, TimeSpan.FromMinutes(3),
            "check.mjs", f.TeacherEndpoint.AbsoluteUri, SelfTeachingFixture.ModelId, f.AdminKey);
        Assert.True(exit == 0, $"node check.mjs failed ({exit}):\n{stderr}\n{stdout}");
        return JsonDocument.Parse(stdout).RootElement.Clone();
    }

    [NodeFact]
    public async Task the_openai_client_reads_models_choices_streams_usage_and_errors()
    {
        var seen = await RunCheckAsync();

        Assert.Contains(SelfTeachingFixture.ModelId, seen.GetProperty("models").EnumerateArray().Select(m => m.GetString()));

        var whole = seen.GetProperty("whole");
        var choices = whole.GetProperty("choices").EnumerateArray().ToList();
        Assert.Equal([0, 1], choices.Select(c => c.GetProperty("index").GetInt32()));
        var usage = whole.GetProperty("usage");
        Assert.True(usage.GetProperty("prompt_tokens").GetInt32() > 0);
        Assert.True(usage.GetProperty("completion_tokens").GetInt32() > 0);
        Assert.Equal(usage.GetProperty("prompt_tokens").GetInt32() + usage.GetProperty("completion_tokens").GetInt32(),
            usage.GetProperty("total_tokens").GetInt32());

        // The stream, put together by hand and by the SDK's accumulator, is the whole reply.
        var streamed = seen.GetProperty("streamed");
        var helper = seen.GetProperty("helper").GetProperty("choices").EnumerateArray().ToList();
        foreach (var choice in choices)
        {
            var i = choice.GetProperty("index").GetInt32().ToString();
            var content = choice.GetProperty("content").GetString();
            Assert.Equal("assistant", streamed.GetProperty("firstRole").GetProperty(i).GetString());
            Assert.Equal(content, streamed.GetProperty("content").GetProperty(i).GetString());
            Assert.Equal(choice.GetProperty("finish_reason").GetString(), streamed.GetProperty("finish").GetProperty(i).GetString());
            Assert.Equal(content, helper.Single(h => h.GetProperty("index").GetInt32().ToString() == i).GetProperty("content").GetString());
        }
        Assert.Equal(1, streamed.GetProperty("ids").GetInt32());
        Assert.True(streamed.GetProperty("chunkCount").GetInt32() > 2 * 2 + 1, streamed.ToString());
        Assert.True(streamed.GetProperty("usageOnlyInLast").GetBoolean());
        Assert.Equal(0, streamed.GetProperty("last").GetProperty("choices").GetInt32());
        Assert.Equal(usage.ToString(), streamed.GetProperty("last").GetProperty("usage").ToString());

        var errors = seen.GetProperty("errors");
        AssertApiError(errors.GetProperty("unknownModel"), 404, "model", "model_not_found");
        AssertApiError(errors.GetProperty("unknownModelStreamed"), 404, "model", "model_not_found");
        AssertApiError(errors.GetProperty("badN"), 400, "n", "integer_below_min_value");
        // A path the host does not serve: the framework's 404, still in OpenAI's shape under /v1.
        AssertApiError(errors.GetProperty("unknownUrl"), 404, null, "unknown_url");
    }

    [Fact]
    public async Task outside_v1_errors_stay_problem_details()
    {
        using var response = await f.Client.GetAsync("runs/no-such-run");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var unknown = await f.Client.GetAsync("v1/no-such-endpoint");
        var error = await OpenAiWireTests.AssertError(unknown, HttpStatusCode.NotFound, null, "unknown_url");
        Assert.Contains("/v1/no-such-endpoint", error.GetProperty("message").GetString());
        using var wrongMethod = await f.Client.DeleteAsync("v1/chat/completions");
        await OpenAiWireTests.AssertError(wrongMethod, HttpStatusCode.MethodNotAllowed, null, "method_not_allowed");
    }

    private static void AssertApiError(JsonElement error, int status, string? param, string code)
    {
        Assert.True(error.GetProperty("thrown").GetBoolean(), error.ToString());
        Assert.True(error.GetProperty("isApiError").GetBoolean(), error.ToString());
        Assert.Equal(status, error.GetProperty("status").GetInt32());
        Assert.Equal("invalid_request_error", error.GetProperty("type").GetString());
        Assert.Equal(param, error.GetProperty("param").GetString());
        Assert.Equal(code, error.GetProperty("code").GetString());
    }
}
