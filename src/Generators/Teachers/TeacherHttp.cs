using Microsoft.Extensions.Http.Resilience;

namespace Lineage.Generators.Teachers;

/// <summary>Builds a teacher and its handler chain without dependency injection (tools, tests).</summary>
public static class TeacherHttp
{
    /// <summary>resilience pipeline → attempt counting and buffering → the network.</summary>
    public static HttpClient CreateClient(OpenAiTeacherOptions options, TimeProvider? time = null, HttpMessageHandler? network = null)
    {
        var pipeline = TeacherResilience.Build(options, time);
        var handler = new ResilienceHandler(pipeline)
        {
            InnerHandler = new AttemptHandler { InnerHandler = network ?? new SocketsHttpHandler() },
        };
        // The pipeline owns time-outs; HttpClient's own 100 s default would cut long generations short.
        return new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
    }

    public static OpenAiCompatibleTeacher CreateTeacher(OpenAiTeacherOptions options, TimeProvider? time = null, TeacherUsageMeter? usage = null) =>
        new(CreateClient(options, time), options, usage ?? new TeacherUsageMeter(), time);
}
