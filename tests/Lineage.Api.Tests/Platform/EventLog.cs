using Lineage.Domain.Runs;
using Marten;

namespace Lineage.Api.Tests.Platform;

/// <summary>Counts straight from the event table, so idempotency is judged on what was stored, not on a projection.</summary>
public static class EventLog
{
    public static async Task<int> CountAllAsync(IDocumentStore store)
    {
        await using var session = store.QuerySession();
        return await session.Events.QueryAllRawEvents().CountAsync();
    }

    /// <summary>Events per stream of one run, including its version stream.</summary>
    public static async Task<Dictionary<string, int>> PerStreamAsync(IDocumentStore store, string runId)
    {
        await using var session = store.QuerySession();
        var prefix = RunIds.Streams.RunPrefix(runId) + ":";
        var version = RunIds.Streams.Version(RunIds.Version(runId));
        var keys = await session.Events.QueryAllRawEvents()
            .Where(e => e.StreamKey!.StartsWith(prefix) || e.StreamKey == RunIds.Streams.Run(runId) || e.StreamKey == version)
            .Select(e => e.StreamKey!)
            .ToListAsync();
        return keys.GroupBy(k => k).ToDictionary(g => g.Key, g => g.Count());
    }

    /// <summary>How many events of a type the run's streams hold, and how many distinct example ids they name.</summary>
    public static async Task<(int Events, int DistinctExamples)> ExampleEventsAsync<T>(IDocumentStore store, string runId)
        where T : Domain.Examples.IExampleEvent
    {
        await using var session = store.QuerySession();
        var all = await session.Events.QueryRawEventDataOnly<T>().Where(e => e.RunId == runId).ToListAsync();
        return (all.Count, all.Select(e => e.ExampleId).Distinct().Count());
    }
}
