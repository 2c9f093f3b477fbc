using Lineage.Domain.Examples;
using Lineage.Domain.Runs;
using Marten;

namespace Lineage.Api.EventStore;

/// <summary>A run's examples folded from the raw log, and how many example events that took.</summary>
/// <param name="ById">Every example, in the order its first event was appended.</param>
public sealed record FoldedLineages(IReadOnlyDictionary<string, ExampleLineage> ById, long EventsReplayed);

/// <summary>
/// Every example of a run, folded from the raw event log with the same <see cref="ExampleLineage.Record"/> the
/// projection uses. Stages decide from this, never from the <see cref="ExampleLineage"/> documents: a projection
/// rebuild empties and refills those, and a stage that read them mid-rebuild would write a partial decision into
/// a stream that starts only once. Rebuilding a version folds the same way, up to its seal.
/// <para>
/// Reading and deserialising is most of the cost (a million examples are three million events), so the log is read
/// in contiguous sequence ranges by several sessions at once; concatenated in range order they are the log in
/// sequence order, and each example's events are folded in that order, examples in parallel. The result is the
/// same as one reader folding one event at a time (<c>readers: 1</c> does exactly that).
/// </para>
/// </summary>
public static class RunLineages
{
    /// <summary>Below this many events per reader a further reader costs more than it saves.</summary>
    public const long DefaultEventsPerReader = 20_000;

    /// <param name="through">Fold only events at or below this sequence (a version's seal), or all when null.</param>
    /// <param name="readers">Sessions reading at once; 0 takes one per core (at most 8).</param>
    /// <param name="eventsPerReader">The sequence span below which one more reader is not added.</param>
    public static Task<FoldedLineages> FoldAsync(IQuerySession session, string runId, CancellationToken ct, long? through = null, int readers = 0,
        long eventsPerReader = DefaultEventsPerReader) =>
        FoldPrefixAsync(session, RunIds.Streams.RunPrefix(runId) + ":", ct, through, readers, eventsPerReader);

    /// <summary>The examples whose events are all in one round's streams (its candidates), folded from those streams only.</summary>
    public static Task<FoldedLineages> FoldRoundAsync(IQuerySession session, string runId, int round, CancellationToken ct, int readers = 0) =>
        FoldPrefixAsync(session, RunIds.Streams.Round(runId, round) + ":", ct, null, readers, DefaultEventsPerReader);

    private static async Task<FoldedLineages> FoldPrefixAsync(IQuerySession session, string prefix, CancellationToken ct, long? through, int readers,
        long eventsPerReader)
    {
        readers = readers > 0 ? readers : Math.Clamp(Environment.ProcessorCount, 1, 8);
        var span = Range(session, prefix, through);
        var first = await span.OrderBy(e => e.Sequence).Select(e => e.Sequence).FirstOrDefaultAsync(ct);
        var last = await span.OrderByDescending(e => e.Sequence).Select(e => e.Sequence).FirstOrDefaultAsync(ct);
        if (first == 0) return new(new Dictionary<string, ExampleLineage>(StringComparer.Ordinal), 0);

        var parts = (int)Math.Clamp((last - first + 1) / Math.Max(1, eventsPerReader), 1, readers);
        List<IExampleEvent>[] read;
        if (parts == 1)
            read = [await ReadAsync(session, prefix, first, last, ct)];
        else
        {
            // Contiguous ranges: concatenated in order they are the log in sequence order.
            var width = (last - first + parts) / parts;
            read = await Task.WhenAll(Enumerable.Range(0, parts).Select(async p =>
            {
                await using var reader = session.DocumentStore.QuerySession();
                var from = first + p * width;
                return await ReadAsync(reader, prefix, from, Math.Min(last, from + width - 1), ct);
            }));
        }

        var byExample = new Dictionary<string, List<IExampleEvent>>(StringComparer.Ordinal);
        long replayed = 0;
        foreach (var part in read)
            foreach (var e in part)
            {
                replayed++;
                if (!byExample.TryGetValue(e.ExampleId, out var events)) byExample[e.ExampleId] = events = new List<IExampleEvent>(4);
                events.Add(e);
            }

        var groups = byExample.ToArray();
        var lineages = new ExampleLineage[groups.Length];
        Parallel.For(0, groups.Length, new ParallelOptions { MaxDegreeOfParallelism = readers, CancellationToken = ct }, i =>
        {
            var lineage = new ExampleLineage { Id = groups[i].Key };
            foreach (var e in groups[i].Value) lineage.Record(e);
            lineages[i] = lineage;
        });
        var byId = new Dictionary<string, ExampleLineage>(lineages.Length, StringComparer.Ordinal);
        foreach (var lineage in lineages) byId.Add(lineage.Id, lineage);
        return new(byId, replayed);
    }

    private static IQueryable<JasperFx.Events.IEvent> Range(IQuerySession session, string prefix, long? through)
    {
        var query = session.Events.QueryAllRawEvents().Where(e => e.StreamKey!.StartsWith(prefix));
        return through is long last ? query.Where(e => e.Sequence <= last) : query;
    }

    private static async Task<List<IExampleEvent>> ReadAsync(IQuerySession session, string prefix, long from, long to, CancellationToken ct)
    {
        var events = new List<IExampleEvent>();
        await foreach (var e in session.Events.QueryAllRawEvents()
                           .Where(e => e.StreamKey!.StartsWith(prefix) && e.Sequence >= from && e.Sequence <= to)
                           .OrderBy(e => e.Sequence).ToAsyncEnumerable(ct))
            if (e.Data is IExampleEvent x) events.Add(x);
        return events;
    }
}
