using System.Net;
using Lineage.Generators.Teachers;
using Microsoft.Extensions.DependencyInjection;

namespace Lineage.Generators.Tests.Teachers;

[Trait("Category", "Integration")]
public class TeacherRegistrationSpecs
{
    private const string Ok = """{"model":"m","choices":[{"index":0,"message":{"content":"hi"},"finish_reason":"stop"}],"usage":{"prompt_tokens":1,"completion_tokens":2}}""";

    [Fact]
    public async Task the_registered_teacher_retries_through_the_resilience_handler_and_shares_one_usage_meter()
    {
        await using var server = new ScriptedHttpServer(new Reply.Full(503, "{}"), new Reply.Full(200, Ok));
        var services = new ServiceCollection().AddOpenAiTeacher(new OpenAiTeacherOptions
        {
            BaseAddress = server.BaseAddress,
            RetryBaseDelay = TimeSpan.FromMilliseconds(10),
            AttemptTimeout = TimeSpan.FromSeconds(2),
        });
        await using var provider = services.BuildServiceProvider();

        var response = await provider.GetRequiredService<ITeacher>().CompleteAsync(
            new TeacherRequest("m", [ChatMessage.User("hello")], SamplingParameters.Solution), CancellationToken.None);

        Assert.True(response.Succeeded, response.FailureReason);
        Assert.Equal(2, response.Attempts);
        Assert.Equal(1, provider.GetRequiredService<TeacherUsageMeter>().Snapshot().Calls);
    }

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }

    private static HttpResponseMessage WithRetryAfter(Action<HttpResponseMessage> set)
    {
        var response = new HttpResponseMessage(HttpStatusCode.TooManyRequests);
        set(response);
        return response;
    }

    [Fact]
    public void retry_after_in_seconds_or_as_a_date_is_honoured_and_capped()
    {
        var now = new DateTimeOffset(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);
        var clock = new FixedClock(now);
        var cap = TimeSpan.FromSeconds(30);

        using var seconds = WithRetryAfter(r => r.Headers.RetryAfter = new(TimeSpan.FromSeconds(7)));
        using var date = WithRetryAfter(r => r.Headers.RetryAfter = new(now.AddSeconds(12)));
        using var tooLong = WithRetryAfter(r => r.Headers.RetryAfter = new(TimeSpan.FromHours(1)));
        using var past = WithRetryAfter(r => r.Headers.RetryAfter = new(now.AddSeconds(-5)));
        using var none = new HttpResponseMessage(HttpStatusCode.ServiceUnavailable);

        Assert.Equal(TimeSpan.FromSeconds(7), TeacherResilience.RetryAfter(seconds, cap, clock));
        Assert.Equal(TimeSpan.FromSeconds(12), TeacherResilience.RetryAfter(date, cap, clock));
        Assert.Equal(cap, TeacherResilience.RetryAfter(tooLong, cap, clock));
        Assert.Equal(TimeSpan.Zero, TeacherResilience.RetryAfter(past, cap, clock));
        Assert.Null(TeacherResilience.RetryAfter(none, cap, clock));
        Assert.Null(TeacherResilience.RetryAfter(null, cap, clock));
    }

    [Fact]
    public void the_endpoint_is_chat_completions_under_the_base_address_with_or_without_a_trailing_slash()
    {
        Assert.Equal("http://h:1/v1/chat/completions", new OpenAiTeacherOptions { BaseAddress = new("http://h:1/v1") }.ChatCompletionsUri.AbsoluteUri);
        Assert.Equal("http://h:1/v1/chat/completions", new OpenAiTeacherOptions { BaseAddress = new("http://h:1/v1/") }.ChatCompletionsUri.AbsoluteUri);
    }
}
