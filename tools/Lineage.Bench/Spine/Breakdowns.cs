using System.Diagnostics;
using System.Text.Json;
using Lineage.Api.Examples;
using Lineage.Domain.Examples;
using Lineage.Domain.Runs;
using Marten;

namespace Lineage.Bench.Spine;

public sealed record Part(string Name, double Milliseconds);

/// <summary>
/// Where the time of one <c>why</c> and of one rebuild goes, measured single-threaded inside the process,
/// so the HTTP numbers can be read against them.
/// </summary>
public static class Breakdowns
{
    /// <summary>Mean cost per example of each step the <c>why</c> endpoint takes, over <paramref name="ids"/>.</summary>
    public static async Task<IReadOnlyList<Part>> WhyAsync(IDocumentStore store, IReadOnlyList<string> ids)
    {
        await using var session = store.QuerySession();
        var web = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        var raw = Stopwatch.StartNew();
        foreach (var id in ids) _ = await session.Json.FindByIdAsync<ExampleLineage>(id);
        raw.Stop();
        var docs = new List<ExampleLineage>(ids.Count);
        var load = Stopwatch.StartNew();
        foreach (var id in ids) docs.Add((await session.LoadAsync<ExampleLineage>(id))!);
        load.Stop();
        var render = Stopwatch.StartNew();
        long bytes = 0;
        foreach (var x in docs)
            bytes += JsonSerializer.SerializeToUtf8Bytes(new LineageResponse(x.Id, x.Outcome.ToString().ToLowerInvariant(), WhyReport.Lines(x), x), web).Length;
        render.Stop();
        double Each(Stopwatch s) => s.Elapsed.TotalMilliseconds / ids.Count;
        return
        [
            new("PostgreSQL round trip, raw JSON (no deserialisation)", Each(raw)),
            new("LoadAsync<ExampleLineage> (round trip + deserialisation)", Each(load)),
            new($"why lines + response serialisation ({bytes / ids.Count:N0} bytes)", Each(render)),
        ];
    }

    /// <summary>
    /// The rebuild's work on one thread, whole events, in three steps: reading and deserialising the run's events, folding
    /// them, and hashing each example's content once (as a manifest reads it).
    /// </summary>
    public static async Task<IReadOnlyList<Part>> RebuildAsync(IDocumentStore store, string runId)
    {
        await using var session = store.QuerySession();
        var prefix = RunIds.Streams.RunPrefix(runId) + ":";
        var read = Stopwatch.StartNew();
        var events = new List<IExampleEvent>();
        await foreach (var e in session.Events.QueryAllRawEvents().Where(e => e.StreamKey!.StartsWith(prefix)).OrderBy(e => e.Sequence).ToAsyncEnumerable())
            if (e.Data is IExampleEvent x) events.Add(x);
        read.Stop();
        var fold = Stopwatch.StartNew();
        var lineages = new Dictionary<string, ExampleLineage>(StringComparer.Ordinal);
        foreach (var e in events)
        {
            if (!lineages.TryGetValue(e.ExampleId, out var lineage)) lineages[e.ExampleId] = lineage = new ExampleLineage { Id = e.ExampleId };
            lineage.Record(e);
        }
        fold.Stop();
        var hash = Stopwatch.StartNew();
        foreach (var x in lineages.Values) _ = x.ContentSha256;
        hash.Stop();
        return
        [
            new($"read + deserialise {events.Count:N0} events", read.Elapsed.TotalMilliseconds),
            new("fold with ExampleLineage.Record", fold.Elapsed.TotalMilliseconds),
            new($"one content hash per example ({lineages.Count:N0})", hash.Elapsed.TotalMilliseconds),
        ];
    }
}
