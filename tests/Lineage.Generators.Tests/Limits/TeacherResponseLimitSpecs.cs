using Lineage.Generators.Teachers;
using Lineage.Generators.Tests.Teachers;

namespace Lineage.Generators.Tests.Limits;

/// <summary>A teacher answering with a body past the cap fails the call with a reason, once, without retrying.</summary>
[Trait("Category", "Integration")]
public class TeacherResponseLimitSpecs
{
    private static readonly TeacherRequest Request = new(
        "m", [ChatMessage.User("What is 2+2?")], new SamplingParameters(Temperature: 1, TopP: 1, N: 1, MaxTokens: 16, Seed: 1, Stop: []));

    private static OpenAiCompatibleTeacher Teacher(ScriptedHttpServer server, long maxBytes) =>
        TeacherHttp.CreateTeacher(new OpenAiTeacherOptions
        {
            BaseAddress = server.BaseAddress,
            MaxRetries = 3,
            RetryBaseDelay = TimeSpan.FromMilliseconds(10),
            AttemptTimeout = TimeSpan.FromSeconds(10),
            TotalTimeout = TimeSpan.FromSeconds(30),
            MaxResponseBytes = maxBytes,
        });

    [Fact]
    public async Task a_body_over_the_cap_fails_the_call_after_one_attempt()
    {
        var huge = "{\"choices\":[{\"index\":0,\"message\":{\"content\":\"" + new string('x', 200_000) + "\"}}]}";
        await using var server = new ScriptedHttpServer(new Reply.Full(200, huge));
        var response = await Teacher(server, maxBytes: 64 * 1024).CompleteAsync(Request, CancellationToken.None);

        Assert.False(response.Succeeded);
        Assert.Contains("exceeds 65536 bytes", response.FailureReason);
        Assert.Equal(1, response.Attempts);
        Assert.Single(server.Requests);
    }

    [Fact]
    public async Task a_body_under_the_cap_is_read_as_before()
    {
        const string ok = "{\"id\":\"c\",\"model\":\"m\",\"choices\":[{\"index\":0,\"message\":{\"content\":\"4\"},\"finish_reason\":\"stop\"}]}";
        await using var server = new ScriptedHttpServer(new Reply.Full(200, ok));
        var response = await Teacher(server, maxBytes: 64 * 1024).CompleteAsync(Request, CancellationToken.None);
        Assert.True(response.Succeeded, response.FailureReason);
        Assert.Equal("4", response.Choices[0].Content);
    }
}
