using Lineage.Domain.Examples;
using Lineage.Domain.Runs;
using Marten;

namespace Lineage.Api.EventStore;

/// <summary>A run's examples folded from the raw log, and how many example events that took.</summary>
public sealed record FoldedLineages(IReadOnlyDictionary<string, ExampleLineage> ById, long EventsReplayed);

/// <summary>
/// Every example of a run, folded from the raw event log with the same <see cref="ExampleLineage.Record"/> the
/// projection uses. Stages decide from this, never from the <see cref="ExampleLineage"/> documents: a projection
/// rebuild empties and refills those, and a stage that read them mid-rebuild would write a partial decision into
/// a stream that starts only once. Rebuilding a version folds the same way, up to its seal.
/// </summary>
public static class RunLineages
{
    /// <param name="through">Fold only events at or below this sequence (a version's seal), or all when null.</param>
    public static async Task<FoldedLineages> FoldAsync(IQuerySession session, string runId, CancellationToken ct, long? through = null)
    {
        var prefix = RunIds.Streams.RunPrefix(runId) + ":";
        var query = session.Events.QueryAllRawEvents().Where(e => e.StreamKey!.StartsWith(prefix));
        if (through is long last) query = query.Where(e => e.Sequence <= last);
        var lineages = new Dictionary<string, ExampleLineage>(StringComparer.Ordinal);
        long replayed = 0;
        await foreach (var e in query.OrderBy(e => e.Sequence).ToAsyncEnumerable(ct))
        {
            if (e.Data is not IExampleEvent exampleEvent) continue;
            replayed++;
            if (!lineages.TryGetValue(exampleEvent.ExampleId, out var lineage))
                lineages[exampleEvent.ExampleId] = lineage = new ExampleLineage { Id = exampleEvent.ExampleId };
            lineage.Record(exampleEvent);
        }
        return new FoldedLineages(lineages, replayed);
    }
}
