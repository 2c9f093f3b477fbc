using Lineage.Domain.Examples;
using Lineage.Domain.Runs;
using Marten;

namespace Lineage.Api.EventStore;

/// <summary>A run's examples folded from the raw log, and how many example events that took.</summary>
/// <param name="ById">Every example, in the order its first event was appended.</param>
public sealed record FoldedLineages(IReadOnlyDictionary<string, ExampleLineage> ById, long EventsReplayed);

/// <summary>How much of each example a fold reads.</summary>
public enum LineageDetail
{
    /// <summary>Every example event, whole: the lineage the projection builds.</summary>
    Whole,

    /// <summary>
    /// What a manifest and a seal need: origin, content (problem, solution, answer), outcome, rule and decided round,
    /// exactly as <see cref="Whole"/> gives them. Only <see cref="ExampleLineage.ContentAndDecisionEvents"/> are read,
    /// and PostgreSQL blanks their bulky fields before sending them (a generated example's raw output and attributes,
    /// votes, decision evidence), so the lineages have no embedding, clusters, raw output or evidence.
    /// </summary>
    ContentAndDecision,
}

/// <summary>
/// Every example of a run, folded from the raw event log with the same <see cref="ExampleLineage.Record"/> the
/// projection uses. Stages decide from this, never from the <see cref="ExampleLineage"/> documents: a projection
/// rebuild empties and refills those, and a stage that read them mid-rebuild would write a partial decision into
/// a stream that starts only once. Rebuilding a version folds the same way, up to its seal.
/// <para>
/// Reading and deserialising is most of the cost (a million examples are three million events), so the log is read
/// in contiguous sequence ranges by several sessions at once; concatenated in range order they are the log in
/// sequence order, and each example's events are folded in that order, examples in parallel. The result is the
/// same as one reader folding one event at a time (<c>readers: 1</c> does exactly that). A seal and a rebuild read
/// <see cref="LineageDetail.ContentAndDecision"/>: about a fifth of the bytes at a million examples.
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
        long eventsPerReader = DefaultEventsPerReader, LineageDetail detail = LineageDetail.Whole) =>
        FoldPrefixAsync(session, RunIds.Streams.RunPrefix(runId) + ":", ct, through, readers, eventsPerReader, detail);

    /// <summary>The examples whose events are all in one round's streams (its candidates), folded from those streams only.</summary>
    public static Task<FoldedLineages> FoldRoundAsync(IQuerySession session, string runId, int round, CancellationToken ct, int readers = 0) =>
        FoldPrefixAsync(session, RunIds.Streams.Round(runId, round) + ":", ct, null, readers, DefaultEventsPerReader, LineageDetail.Whole);

    private static async Task<FoldedLineages> FoldPrefixAsync(IQuerySession session, string prefix, CancellationToken ct, long? through, int readers,
        long eventsPerReader, LineageDetail detail)
    {
        readers = readers > 0 ? readers : Math.Clamp(Environment.ProcessorCount, 1, 8);
        var (first, last) = await SpanAsync(session, prefix, through ?? long.MaxValue, ct);
        if (first > last) return new(new Dictionary<string, ExampleLineage>(StringComparer.Ordinal), 0);

        Func<IQuerySession, long, long, Task<List<IExampleEvent>>> read = detail == LineageDetail.Whole
            ? (reader, from, to) => ReadWholeAsync(reader, prefix, from, to, ct)
            : (reader, from, to) => ReadContentAndDecisionAsync(reader, prefix, from, to, ct);
        var parts = (int)Math.Clamp((last - first + 1) / Math.Max(1, eventsPerReader), 1, readers);
        List<IExampleEvent>[] ranges;
        if (parts == 1)
            ranges = [await read(session, first, last)];
        else
        {
            // Contiguous ranges: concatenated in order they are the log in sequence order.
            var width = (last - first + parts) / parts;
            ranges = await Task.WhenAll(Enumerable.Range(0, parts).Select(async p =>
            {
                await using var reader = session.DocumentStore.QuerySession();
                var from = first + p * width;
                return await read(reader, from, Math.Min(last, from + width - 1));
            }));
        }

        var byExample = new Dictionary<string, List<IExampleEvent>>(StringComparer.Ordinal);
        long replayed = 0;
        foreach (var part in ranges)
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
            // A manifest reads every hash: computed here, in parallel, rather than one by one as it is built.
            if (detail == LineageDetail.ContentAndDecision) _ = lineage.ContentSha256;
            lineages[i] = lineage;
        });
        var byId = new Dictionary<string, ExampleLineage>(lineages.Length, StringComparer.Ordinal);
        foreach (var lineage in lineages) byId.Add(lineage.Id, lineage);
        return new(byId, replayed);
    }

    /// <summary>
    /// The first and last sequence of the streams under the prefix (the last capped at <paramref name="through"/>): each
    /// stream's first and last event, found from <c>mt_streams</c> by index, never by matching every event's stream.
    /// </summary>
    private static async Task<(long First, long Last)> SpanAsync(IQuerySession session, string prefix, long through, CancellationToken ct)
    {
        var schema = session.DocumentStore.Options.Events.DatabaseSchemaName;
        var span = await session.AdvancedSql.QueryAsync<long[]>('$', $"""
            select jsonb_build_array(coalesce(min(f.seq_id), 0), coalesce(max(l.seq_id), -1)) from {schema}.mt_streams s
            join {schema}.mt_events f on f.stream_id = s.id and f.version = 1
            join {schema}.mt_events l on l.stream_id = s.id and l.version = s.version
            where s.id like $ escape '\'
            """, ct, StreamPrefix.Like(prefix));
        return span.Count == 0 ? (0, -1) : (span[0][0], Math.Min(span[0][1], through));
    }

    private static async Task<List<IExampleEvent>> ReadWholeAsync(IQuerySession session, string prefix, long from, long to, CancellationToken ct)
    {
        var events = new List<IExampleEvent>();
        await foreach (var e in session.Events.QueryAllRawEvents()
                           .Where(e => e.StreamKey!.StartsWith(prefix) && e.Sequence >= from && e.Sequence <= to)
                           .OrderBy(e => e.Sequence).ToAsyncEnumerable(ct))
            if (e.Data is IExampleEvent x) events.Add(x);
        return events;
    }

    // The bulky fields PostgreSQL blanks before sending an event (never null: the records declare them non-null). A type
    // not named here is sent whole.
    private static readonly Dictionary<Type, string> Blanked = new()
    {
        [typeof(ExampleGenerated)] = """'{"RawOutput": "", "Attributes": {}}'""",
        [typeof(ExampleVerified)] = """'{"Votes": []}'""",
        [typeof(ExampleRejected)] = """'{"Votes": []}'""",
        [typeof(ExampleKept)] = """'{"Evidence": {}}'""",
        [typeof(ExampleDropped)] = """'{"Evidence": {}}'""",
    };

    // Per event type the domain says a manifest needs: the member of SlimEvent it is read into (its class name) and the
    // JSON sent for it.
    private static readonly (string TypeName, string Slot, string Data)[] Slim = ExampleLineage.ContentAndDecisionEvents
        .Select(t => (EventNames.Of(t), t.Name,
            Blanked.TryGetValue(t, out var blank) ? $"data || {blank}::jsonb" : "data"))
        .ToArray();

    private static async Task<List<IExampleEvent>> ReadContentAndDecisionAsync(IQuerySession session, string prefix, long from, long to,
        CancellationToken ct)
    {
        var schema = session.DocumentStore.Options.Events.DatabaseSchemaName;
        var names = Slim.Select(s => s.TypeName).ToArray();
        // One object per event, {"<slot>": <data>}: Marten's serializer reads it straight into the slot's event type.
        var slot = string.Join(" ", Slim.Select(s => $"when $ then '{s.Slot}'"));
        var data = string.Join(" ", Slim.Select(s => $"when $ then {s.Data}"));
        var events = new List<IExampleEvent>();
        await foreach (var row in session.AdvancedSql.StreamAsync<SlimEvent>('$', $"""
                           select jsonb_build_object(case type {slot} end, case type {data} end)
                           from {schema}.mt_events
                           where seq_id between $ and $ and stream_id like $ escape '\' and type = any($) and not is_archived
                           order by seq_id
                           """, ct, [.. names, .. names, from, to, StreamPrefix.Like(prefix), names]))
            events.Add(row.Event);
        return events;
    }

    /// <summary>
    /// One event of <see cref="ExampleLineage.ContentAndDecisionEvents"/>, in the member named after its class (no <c>Id</c>:
    /// Marten would read a type with one as a document).
    /// </summary>
    internal sealed record SlimEvent(SeedExampleImported? SeedExampleImported, ExampleGenerated? ExampleGenerated,
        Domain.Forks.ExampleForked? ExampleForked, ExampleVerified? ExampleVerified, ExampleRejected? ExampleRejected,
        ExampleKept? ExampleKept, ExampleDropped? ExampleDropped)
    {
        public IExampleEvent Event => (IExampleEvent?)SeedExampleImported ?? ExampleGenerated ?? (IExampleEvent?)ExampleForked ??
            ExampleVerified ?? (IExampleEvent?)ExampleRejected ?? ExampleKept ?? (IExampleEvent?)ExampleDropped ??
            throw new InvalidDataException("an example event read into no member of SlimEvent: add one for its type");
    }
}
