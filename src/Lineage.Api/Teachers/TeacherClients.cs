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

/// <summary>An example few-shot prompts can show: its id (recorded as a parent) and its problem text.</summary>
public sealed record FewShotExample(string ExampleId, string Problem);

/// <summary>Where few-shot parents come from: the run's imported seed pool, in import order.</summary>
public interface IFewShotPool
{
    Task<IReadOnlyList<FewShotExample>> LoadAsync(RunStarted run, CancellationToken cancellationToken);
}

public sealed class MartenFewShotPool(IDocumentStore store) : IFewShotPool
{
    public async Task<IReadOnlyList<FewShotExample>> LoadAsync(RunStarted run, CancellationToken cancellationToken)
    {
        await using var session = store.QuerySession();
        var events = await session.Events.FetchStreamAsync(RunIds.Streams.Seeds(run.RunId), token: cancellationToken);
        return events.Select(e => e.Data).OfType<SeedExampleImported>()
            .Select(s => new FewShotExample(s.ExampleId, s.Problem)).ToList();
    }
}
