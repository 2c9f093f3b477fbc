using System.Collections.Concurrent;
using Lineage.Domain.Examples;
using Lineage.Domain.Runs;
using Lineage.Generators.Teachers;
using Marten;

namespace Lineage.Api.Teachers;

/// <summary>The OpenAI-compatible client for a run's configured endpoint (one per endpoint, shared).</summary>
public interface ITeacherClientFactory
{
    ITeacher For(string endpoint);
}

public sealed class TeacherClientFactory(IConfiguration configuration) : ITeacherClientFactory
{
    private readonly ConcurrentDictionary<string, ITeacher> _clients = new(StringComparer.Ordinal);

    public ITeacher For(string endpoint) => _clients.GetOrAdd(endpoint, e => TeacherHttp.CreateTeacher(new OpenAiTeacherOptions
    {
        BaseAddress = new Uri(e),
        // The key stays in configuration (Lineage:Teacher:ApiKey or OPENAI_API_KEY), never in the run's config snapshot.
        ApiKey = configuration["Lineage:Teacher:ApiKey"] ?? configuration["OPENAI_API_KEY"],
        MaxRetries = 2,
        RetryBaseDelay = TimeSpan.FromMilliseconds(500),
    }));
}

