using System.Diagnostics;
using System.Text.Json;
using Lineage.Generators.Teachers;

namespace Lineage.Generators.Tests.Teachers;

/// <summary>
/// Against a real local HTTP server that misbehaves on purpose. Time-outs and
/// back-offs are milliseconds here so the whole class runs in a few seconds.
/// </summary>
[Trait("Category", "Integration")]
public class OpenAiCompatibleTeacherSpecs
{
    private const string Ok = """
        {"id":"cmpl-1","model":"qwen-math","choices":[
          {"index":0,"message":{"role":"assistant","content":"So $\\boxed{4}$.","reasoning_content":"2+2"},"finish_reason":"stop"},
          {"index":1,"message":{"role":"assistant","content":null},"finish_reason":"length"}],
         "usage":{"prompt_tokens":12,"completion_tokens":30,"total_tokens":42}}
        """;

    private static readonly TeacherRequest Request = new(
        "qwen-math",
        [ChatMessage.System("Solve."), ChatMessage.User("What is 2+2?")],
        new SamplingParameters(Temperature: 0.75, TopP: 0.9, N: 2, MaxTokens: 256, Seed: 7, Stop: ["</s>"]));

    private static OpenAiCompatibleTeacher Teacher(ScriptedHttpServer server, int retries = 3, int attemptMs = 2000, int concurrency = 4, string? key = null) =>
        TeacherHttp.CreateTeacher(new OpenAiTeacherOptions
        {
            BaseAddress = server.BaseAddress,
            ApiKey = key,
            MaxRetries = retries,
            AttemptTimeout = TimeSpan.FromMilliseconds(attemptMs),
            TotalTimeout = TimeSpan.FromSeconds(20),
            RetryBaseDelay = TimeSpan.FromMilliseconds(10),
            MaxRetryDelay = TimeSpan.FromSeconds(5),
            MaxConcurrency = concurrency,
        });

    [Fact]
    public async Task a_good_reply_is_parsed_into_choices_usage_and_the_raw_text()
    {
        await using var server = new ScriptedHttpServer(new Reply.Full(200, Ok));
        var response = await Teacher(server).CompleteAsync(Request, CancellationToken.None);

        Assert.True(response.Succeeded, response.FailureReason);
        Assert.Equal(("qwen-math", "cmpl-1", 200, 1), (response.ModelId, response.ResponseId, response.StatusCode, response.Attempts));
        Assert.Equal(
            [new TeacherChoice(0, "So $\\boxed{4}$.", "2+2", "stop"), new TeacherChoice(1, null, null, "length")],
            response.Choices);
        Assert.True(response.Choices[1].WasTruncated);
        Assert.Equal(new TokenUsage(12, 30), response.Usage);
        Assert.Equal(Ok, response.RawResponse);
        Assert.Same(Request, response.Request);
    }

    [Fact]
    public async Task the_request_carries_every_sampling_parameter_and_the_api_key()
    {
        await using var server = new ScriptedHttpServer(new Reply.Full(200, Ok));
        await Teacher(server, key: "sk-test").CompleteAsync(Request, CancellationToken.None);

        var received = Assert.Single(server.Requests);
        Assert.Equal(("POST", "/v1/chat/completions"), (received.Method, received.Path));
        Assert.Equal("Bearer sk-test", received.Headers["authorization"]);
        using var body = JsonDocument.Parse(received.Body);
        var root = body.RootElement;
        Assert.Equal("qwen-math", root.GetProperty("model").GetString());
        Assert.Equal(0.75, root.GetProperty("temperature").GetDouble());
        Assert.Equal(0.9, root.GetProperty("top_p").GetDouble());
        Assert.Equal(2, root.GetProperty("n").GetInt32());
        Assert.Equal(256, root.GetProperty("max_tokens").GetInt32());
        Assert.Equal(7, root.GetProperty("seed").GetInt64());
        Assert.Equal("</s>", root.GetProperty("stop")[0].GetString());
        Assert.Equal(["system", "user"], root.GetProperty("messages").EnumerateArray().Select(m => m.GetProperty("role").GetString()));
        Assert.Equal("What is 2+2?", root.GetProperty("messages")[1].GetProperty("content").GetString());
    }

    [Fact]
    public async Task a_server_error_is_retried_until_it_succeeds()
    {
        await using var server = new ScriptedHttpServer(new Reply.Full(500, "{\"error\":\"boom\"}"), new Reply.Full(200, Ok));
        var response = await Teacher(server).CompleteAsync(Request, CancellationToken.None);
        Assert.True(response.Succeeded, response.FailureReason);
        Assert.Equal(2, response.Attempts);
        Assert.Equal(2, server.Requests.Count);
    }

    [Fact]
    public async Task too_many_requests_waits_for_the_retry_after_the_server_asks_for()
    {
        await using var server = new ScriptedHttpServer(
            new Reply.Full(429, "{}", Headers: new Dictionary<string, string> { ["Retry-After"] = "1" }),
            new Reply.Full(200, Ok));
        var clock = Stopwatch.StartNew();
        var response = await Teacher(server).CompleteAsync(Request, CancellationToken.None);
        Assert.True(response.Succeeded, response.FailureReason);
        Assert.Equal(2, response.Attempts);
        // The back-off alone would be ~10 ms; only the header explains a one-second wait.
        Assert.True(clock.Elapsed >= TimeSpan.FromMilliseconds(900), $"waited only {clock.Elapsed}");
    }

    [Fact]
    public async Task exhausted_retries_come_back_as_a_failed_result_with_the_last_body()
    {
        await using var server = new ScriptedHttpServer(new Reply.Full(503, "{\"error\":\"overloaded\"}"));
        var teacher = Teacher(server, retries: 2);
        var response = await teacher.CompleteAsync(Request, CancellationToken.None);
        Assert.False(response.Succeeded);
        Assert.Equal(3, response.Attempts);
        Assert.Equal(503, response.StatusCode);
        Assert.Equal("HTTP 503 Service Unavailable after 3 attempt(s)", response.FailureReason);
        Assert.Equal("{\"error\":\"overloaded\"}", response.RawResponse);
        Assert.Empty(response.Choices);
    }

    [Fact]
    public async Task a_client_error_is_not_retried()
    {
        await using var server = new ScriptedHttpServer(new Reply.Full(400, "{\"error\":{\"message\":\"bad model\"}}"));
        var response = await Teacher(server).CompleteAsync(Request, CancellationToken.None);
        Assert.False(response.Succeeded);
        Assert.Equal((1, 400), (response.Attempts, response.StatusCode));
    }

    [Fact]
    public async Task a_slow_server_times_out_each_attempt_and_the_call_fails_quickly()
    {
        await using var server = new ScriptedHttpServer(new Reply.Full(200, Ok, Delay: TimeSpan.FromSeconds(5)));
        var clock = Stopwatch.StartNew();
        var response = await Teacher(server, retries: 1, attemptMs: 200).CompleteAsync(Request, CancellationToken.None);
        Assert.False(response.Succeeded);
        Assert.StartsWith("timed out after 2 attempt(s)", response.FailureReason);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(3), $"took {clock.Elapsed}");
    }

    [Fact]
    public async Task a_slow_first_attempt_is_retried_and_the_second_succeeds()
    {
        await using var server = new ScriptedHttpServer(new Reply.Full(200, Ok, Delay: TimeSpan.FromSeconds(5)), new Reply.Full(200, Ok));
        var response = await Teacher(server, attemptMs: 200).CompleteAsync(Request, CancellationToken.None);
        Assert.True(response.Succeeded, response.FailureReason);
        Assert.Equal(2, response.Attempts);
    }

    [Fact]
    public async Task malformed_json_is_a_failed_result_holding_the_raw_text()
    {
        const string garbage = "{\"choices\": [ {\"message\": ";
        await using var server = new ScriptedHttpServer(new Reply.Full(200, garbage));
        var response = await Teacher(server).CompleteAsync(Request, CancellationToken.None);
        Assert.False(response.Succeeded);
        Assert.StartsWith("malformed JSON", response.FailureReason);
        Assert.Equal(garbage, response.RawResponse);
        Assert.Equal(1, response.Attempts);
    }

    [Fact]
    public async Task a_body_cut_off_mid_stream_is_retried()
    {
        await using var server = new ScriptedHttpServer(new Reply.Truncated(Ok, 40), new Reply.Full(200, Ok));
        var response = await Teacher(server).CompleteAsync(Request, CancellationToken.None);
        Assert.True(response.Succeeded, response.FailureReason);
        Assert.Equal(2, response.Attempts);
    }

    [Fact]
    public async Task a_body_that_is_always_cut_off_ends_as_a_transport_failure()
    {
        await using var server = new ScriptedHttpServer(new Reply.Truncated(Ok, 40));
        var response = await Teacher(server, retries: 1).CompleteAsync(Request, CancellationToken.None);
        Assert.False(response.Succeeded);
        Assert.StartsWith("transport error after 2 attempt(s)", response.FailureReason);
    }

    [Fact]
    public async Task a_200_carrying_an_error_object_or_no_choices_is_a_failure()
    {
        await using var server = new ScriptedHttpServer(new Reply.Full(200, "{\"error\":{\"message\":\"model not loaded\"}}"), new Reply.Full(200, "{\"id\":\"x\"}"));
        var teacher = Teacher(server);
        Assert.Equal("the server returned an error: model not loaded", (await teacher.CompleteAsync(Request, CancellationToken.None)).FailureReason);
        Assert.Equal("the response has no choices array", (await teacher.CompleteAsync(Request, CancellationToken.None)).FailureReason);
    }

    [Fact]
    public async Task no_more_calls_than_the_concurrency_limit_are_in_flight()
    {
        await using var server = new ScriptedHttpServer(new Reply.Full(200, Ok, Delay: TimeSpan.FromMilliseconds(150)));
        var teacher = Teacher(server, concurrency: 2);
        var responses = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => teacher.CompleteAsync(Request, CancellationToken.None)));
        Assert.All(responses, r => Assert.True(r.Succeeded, r.FailureReason));
        Assert.Equal(2, server.MaxInFlight);
    }

    [Fact]
    public async Task usage_is_totalled_across_calls_including_failures()
    {
        await using var server = new ScriptedHttpServer(new Reply.Full(200, Ok), new Reply.Full(200, Ok), new Reply.Full(400, "{}"));
        var teacher = Teacher(server);
        for (var i = 0; i < 3; i++) await teacher.CompleteAsync(Request, CancellationToken.None);
        Assert.Equal(new TeacherUsageTotals(Calls: 3, FailedCalls: 1, Attempts: 3, PromptTokens: 24, CompletionTokens: 60), teacher.Usage.Snapshot());
    }

    [Fact]
    public async Task the_callers_cancellation_is_an_exception_not_a_failed_call()
    {
        await using var server = new ScriptedHttpServer(new Reply.Full(200, Ok, Delay: TimeSpan.FromSeconds(5)));
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Teacher(server).CompleteAsync(Request, cts.Token));
    }
}
