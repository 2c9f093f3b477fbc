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

/// <summary>
/// Clients for the allow-listed endpoints only (<c>Lineage:Teachers:Endpoints</c>), each with its own key, which goes
/// to its own base URL and nowhere else. A run naming an endpoint this worker does not know fails its stage: a
/// deployment error, not teacher output.
/// </summary>
public sealed class TeacherClientFactory(Security.Teachers.TeacherAllowList allowList) : ITeacherClientFactory
{
    private readonly ConcurrentDictionary<string, ITeacher> _clients = new(StringComparer.Ordinal);

    public ITeacher For(string endpoint)
    {
        var allowed = allowList.Find(endpoint) ?? throw new InvalidOperationException(
            $"teacher endpoint '{endpoint}' is not in {Security.Teachers.TeacherEndpointsOptions.Section}:Endpoints on this worker");
        return _clients.GetOrAdd(allowed.Name, _ =>
        {
            var client = TeacherHttp.CreateTeacher(new OpenAiTeacherOptions
            {
                BaseAddress = Security.Teachers.TeacherAllowList.Normalise(new Uri(allowed.BaseUrl)),
                ApiKey = allowed.ApiKey,
                MaxRetries = 2,
                RetryBaseDelay = TimeSpan.FromMilliseconds(500),
            });
            return allowed.ApiKey is { Length: > 0 } key ? new Security.Teachers.RedactingTeacher(client, key) : client;
        });
    }
}
