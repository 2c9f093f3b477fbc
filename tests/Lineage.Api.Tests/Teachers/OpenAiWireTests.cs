using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Lineage.Api.Teachers;
using Microsoft.Extensions.DependencyInjection;

namespace Lineage.Api.Tests.Teachers;

/// <summary>
/// The /v1 wire format on a real socket: streamed replies (server-sent chunks) against whole ones, OpenAI's error
/// shape, and the request limits.
/// </summary>
[Trait("Category", "Integration")]
public sealed class OpenAiWireTests(TeacherHostFixture host, Xunit.Abstractions.ITestOutputHelper output) : IClassFixture<TeacherHostFixture>
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromMinutes(3) };

    private Uri Completions => new(host.BaseAddress, "chat/completions");

    private LocalTeacherModel Model => host.App.Services.GetRequiredService<LocalTeacherProvider>().Model!;

    private static JsonObject Ask(long seed, int n = 1, int maxTokens = 24, string question = "What is 2 + 3?") => new()
    {
        ["model"] = "tiny-teacher",
        ["messages"] = new JsonArray(new JsonObject { ["role"] = "user", ["content"] = question }),
        ["n"] = n,
        ["seed"] = seed,
        ["max_tokens"] = maxTokens,
        ["temperature"] = 1.0,
    };

    private static JsonObject Streamed(JsonObject request, bool includeUsage)
    {
        var copy = request.DeepClone().AsObject();
        copy["stream"] = true;
        if (includeUsage) copy["stream_options"] = new JsonObject { ["include_usage"] = true };
        return copy;
    }

    private async Task<JsonElement> PostWholeAsync(JsonObject request)
    {
        using var response = await Http.PostAsync(Completions, Json(request));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private async Task<List<JsonElement>> PostStreamedAsync(JsonObject request)
    {
        using var response = await Http.PostAsync(Completions, Json(request), CancellationToken.None);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        return ServerSentEvents.Chunks(await ServerSentEvents.ReadDataAsync(response));
    }

    private static StringContent Json(JsonNode body) => new(body.ToJsonString(), Encoding.UTF8, "application/json");

    private static string Content(IEnumerable<JsonElement> chunks, int index) => string.Concat(chunks
        .SelectMany(c => c.GetProperty("choices").EnumerateArray())
        .Where(c => c.GetProperty("index").GetInt32() == index && c.GetProperty("delta").TryGetProperty("content", out _))
        .Select(c => c.GetProperty("delta").GetProperty("content").GetString()));

    [Fact]
    public async Task a_streamed_reply_is_the_whole_reply_in_chunks_with_usage_last()
    {
        var request = Ask(seed: 77, n: 2);
        var whole = await PostWholeAsync(request);
        var chunks = await PostStreamedAsync(Streamed(request, includeUsage: true));

        Assert.All(chunks, c => Assert.Equal("chat.completion.chunk", c.GetProperty("object").GetString()));
        Assert.Single(chunks.Select(c => c.GetProperty("id").GetString()).Distinct());
        Assert.StartsWith("chatcmpl-", chunks[0].GetProperty("id").GetString());
        var choices = chunks.SkipLast(1).Select(c => Assert.Single(c.GetProperty("choices").EnumerateArray())).ToList();
        foreach (var expected in whole.GetProperty("choices").EnumerateArray())
        {
            var index = expected.GetProperty("index").GetInt32();
            var mine = choices.Where(c => c.GetProperty("index").GetInt32() == index).ToList();
            Assert.Equal("assistant", mine[0].GetProperty("delta").GetProperty("role").GetString());
            Assert.Equal(expected.GetProperty("message").GetProperty("content").GetString(), Content(chunks, index));
            var finish = Assert.Single(mine, c => c.GetProperty("finish_reason").ValueKind != JsonValueKind.Null);
            Assert.Equal(mine[^1].ToString(), finish.ToString());
            Assert.Equal(expected.GetProperty("finish_reason").GetString(), finish.GetProperty("finish_reason").GetString());
        }
        // Choice 0 streams before choice 1.
        Assert.Equal(choices.Select(c => c.GetProperty("index").GetInt32()).Order(), choices.Select(c => c.GetProperty("index").GetInt32()));

        // Every chunk but the last says usage: null; the last has no choices and the whole request's usage.
        Assert.All(chunks.SkipLast(1), c => Assert.Equal(JsonValueKind.Null, c.GetProperty("usage").ValueKind));
        var last = chunks[^1];
        Assert.Equal(0, last.GetProperty("choices").GetArrayLength());
        Assert.Equal(whole.GetProperty("usage").ToString(), last.GetProperty("usage").ToString());
        var usage = last.GetProperty("usage");
        Assert.Equal(usage.GetProperty("prompt_tokens").GetInt32() + usage.GetProperty("completion_tokens").GetInt32(),
            usage.GetProperty("total_tokens").GetInt32());
    }

    [Fact]
    public async Task without_include_usage_no_chunk_mentions_usage()
    {
        var chunks = await PostStreamedAsync(Streamed(Ask(seed: 5), includeUsage: false));
        Assert.All(chunks, c => Assert.False(c.TryGetProperty("usage", out _)));
        Assert.NotEmpty(chunks);
        Assert.Equal(JsonValueKind.String, chunks[^1].GetProperty("choices")[0].GetProperty("finish_reason").ValueKind);
    }

    [Fact]
    public async Task a_stop_sequence_cuts_the_streamed_and_the_whole_reply_at_the_same_place()
    {
        // A stop taken from the middle of a reply, from two plain ASCII characters of it.
        for (long seed = 1; seed < 40; seed++)
        {
            var request = Ask(seed, maxTokens: 40);
            var free = (await PostWholeAsync(request)).GetProperty("choices")[0].GetProperty("message").GetProperty("content").GetString()!;
            var at = Enumerable.Range(4, Math.Max(0, free.Length - 6)).Cast<int?>()
                .FirstOrDefault(k => free[k!.Value] is >= '!' and <= '~' && free[k.Value + 1] is >= '!' and <= '~');
            if (at is not { } k) continue;
            var stop = free.Substring(k, 2);
            request["stop"] = stop;
            var whole = (await PostWholeAsync(request)).GetProperty("choices")[0];
            var streamed = await PostStreamedAsync(Streamed(request, includeUsage: false));
            var expected = free[..free.IndexOf(stop, StringComparison.Ordinal)];
            Assert.Equal(expected, whole.GetProperty("message").GetProperty("content").GetString());
            Assert.Equal("stop", whole.GetProperty("finish_reason").GetString());
            Assert.Equal(expected, Content(streamed, 0));
            Assert.Equal("stop", streamed[^1].GetProperty("choices")[0].GetProperty("finish_reason").GetString());
            return;
        }
        Assert.Fail("no seed gave a reply with two printable characters in a row");
    }

    [Fact]
    public async Task a_client_that_disconnects_stops_the_generation()
    {
        var (seed, full) = await SeedRunningToTheLimit(400);
        var ranOn = await RunOn.UpToThreeTriesAsync(full, async () =>
        {
            var tokens = await TokensAfterLeavingAtTheFirstChunk(seed, maxTokens: full);
            output.WriteLine($"the disconnected stream sampled {tokens} of {full} tokens");
            return tokens;
        });
        Assert.InRange(ranOn[^1], 0, full - 1);
    }

    private async Task<long> TokensAfterLeavingAtTheFirstChunk(long seed, int maxTokens)
    {
        var before = Model.SampledTokens;
        // A handler that drops the connection when the response is disposed unread, instead of draining it for reuse.
        using (var leaving = new HttpClient(new SocketsHttpHandler { MaxResponseDrainSize = 0 }))
        using (var request = new HttpRequestMessage(HttpMethod.Post, Completions) { Content = Json(Streamed(Ask(seed, maxTokens: maxTokens), false)) })
        using (var response = await leaving.SendAsync(request, HttpCompletionOption.ResponseHeadersRead))
        {
            // Leave at the first chunk (the choice's opening, before any text): a barely trained byte model may hold
            // its text back for long stretches (bytes that do not yet make a character), so waiting for text lets it run on.
            using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
            while (await reader.ReadLineAsync() is { } line)
                if (line.StartsWith("data: {", StringComparison.Ordinal)) break;
        }
        // The model's gate opens only once the aborted generation has stopped; a one-token request waits for it.
        var after = await PostWholeAsync(Ask(seed: 1, maxTokens: 1));
        return Model.SampledTokens - before - after.GetProperty("usage").GetProperty("completion_tokens").GetInt32();
    }

    private async Task<(long Seed, int Tokens)> SeedRunningToTheLimit(int maxTokens)
    {
        for (long seed = 1; seed < 50; seed++)
        {
            var choice = (await PostWholeAsync(Ask(seed, maxTokens: maxTokens))).GetProperty("choices")[0];
            if (choice.GetProperty("finish_reason").GetString() == "length") return (seed, maxTokens);
        }
        throw new InvalidOperationException("no seed below 50 runs to the token limit");
    }

    public static TheoryData<string, string?, string> TooMuch() => new()
    {
        { """{"messages":[{"role":"user","content":"hi"}],"n":17}""", "n", "integer_above_max_value" },
        { """{"messages":[{"role":"user","content":"hi"}],"n":"2"}""", "n", "invalid_type" },
        { """{"messages":[{"role":"user","content":"hi"}],"max_tokens":4097}""", "max_tokens", "integer_above_max_value" },
        { """{"messages":[{"role":"user","content":"hi"}],"max_completion_tokens":0}""", "max_completion_tokens", "integer_below_min_value" },
        { "{\"messages\":[" + string.Join(",", Enumerable.Repeat("""{"role":"user","content":"hi"}""", 257)) + "]}", "messages", "array_above_max_length" },
        { "{\"messages\":[{\"role\":\"user\",\"content\":\"" + new string('7', 200_001) + "\"}]}", "messages", "context_length_exceeded" },
        { "{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"stop\":\"" + new string('x', 257) + "\"}", "stop", "string_above_max_length" },
        { """{"messages":[{"role":"user","content":"hi"}],"stream_options":{"include_usage":true}}""", "stream_options", "invalid_value" },
        { """{"messages":[{"role":"user","content":"hi"}],"stream":"yes"}""", "stream", "invalid_type" },
        { """{"model":"tiny-teacher"}""", "messages", "missing_required_parameter" },
        { """[1,2]""", null, "invalid_type" },
    };

    [Theory]
    [MemberData(nameof(TooMuch))]
    public async Task a_request_past_a_limit_answers_400_in_openai_shape(string body, string? param, string code)
    {
        using var response = await Http.PostAsync(Completions, new StringContent(body, Encoding.UTF8, "application/json"));
        await AssertError(response, HttpStatusCode.BadRequest, param, code);
    }

    [Fact]
    public async Task an_unknown_model_answers_404_model_not_found_streamed_or_not()
    {
        foreach (var stream in new[] { false, true })
        {
            var request = Ask(seed: 1);
            request["model"] = "gpt-nope";
            request["stream"] = stream;
            using var response = await Http.PostAsync(Completions, Json(request));
            var error = await AssertError(response, HttpStatusCode.NotFound, "model", "model_not_found");
            Assert.Contains("gpt-nope", error.GetProperty("message").GetString());
        }
    }

    [Theory]
    [InlineData("text/plain")]
    [InlineData("application/x-www-form-urlencoded")]
    public async Task a_body_that_is_not_json_by_content_type_answers_415(string mediaType)
    {
        using var response = await Http.PostAsync(Completions, new StringContent(Ask(seed: 1).ToJsonString(), Encoding.UTF8, mediaType));
        await AssertError(response, HttpStatusCode.UnsupportedMediaType, null, "unsupported_media_type");
    }

    [Fact]
    public async Task a_body_past_the_size_cap_answers_413_with_or_without_a_content_length()
    {
        var huge = "{\"messages\":[{\"role\":\"user\",\"content\":\"" + new string('a', (1 << 20) + 10) + "\"}]}";
        using (var sized = await Http.PostAsync(Completions, new StringContent(huge, Encoding.UTF8, "application/json")))
            await AssertError(sized, (HttpStatusCode)413, null, "request_too_large");

        // No Content-Length: the body arrives chunked, and the cap is counted while reading.
        var chunked = new StreamContent(new NonSeekable(Encoding.UTF8.GetBytes(huge)));
        chunked.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var request = new HttpRequestMessage(HttpMethod.Post, Completions) { Content = chunked };
        request.Headers.TransferEncodingChunked = true;
        using var response = await Http.SendAsync(request);
        await AssertError(response, (HttpStatusCode)413, null, "request_too_large");
    }

    internal static async Task<JsonElement> AssertError(HttpResponseMessage response, HttpStatusCode status, string? param, string code)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"{(int)response.StatusCode}: {body}");
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var error = JsonDocument.Parse(body).RootElement.GetProperty("error");
        Assert.Equal((int)status < 500 ? "invalid_request_error" : "server_error", error.GetProperty("type").GetString());
        Assert.Equal(param, error.GetProperty("param").GetString());
        Assert.Equal(code, error.GetProperty("code").GetString());
        Assert.False(string.IsNullOrWhiteSpace(error.GetProperty("message").GetString()));
        return error.Clone();
    }

    /// <summary>A stream HttpClient cannot measure, so it sends the body chunked.</summary>
    private sealed class NonSeekable(byte[] bytes) : MemoryStream(bytes)
    {
        public override bool CanSeek => false;
    }
}
