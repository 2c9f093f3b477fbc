using Lineage.Domain.Examples;
using Lineage.Domain.Forks;
using Lineage.Domain.Runs;
using Marten;

namespace Lineage.Api.EventStore;

/// <summary>
/// A run's examples as pool work needs them (<see cref="PoolEntry"/>: id, origin, problem, solution, embedding,
/// decision), folded from the raw event log like <see cref="RunLineages"/> but from narrow columns: PostgreSQL
/// extracts the few fields of the seven example events that carry them, so the raw output, sampling, prompts,
/// votes and evidence (most of an example's bytes) never leave the database, and events that change none of
/// these fields (verification, cluster assignments) are not read at all.
/// <para>
/// The fold agrees with <see cref="ExampleLineage.Record"/> on every field it keeps (origin, texts, embedding, the
/// last decision and its round); <c>NarrowReadSpecs</c> compares the two, round by round, on real runs.
/// </para>
/// </summary>
public static class PoolEntries
{
    // What each of the seven example events that carry pool fields does to an entry, by the type name Marten stores.
    private static readonly Dictionary<string, Action<Folding, Row>> Steps = new(StringComparer.Ordinal)
    {
        // Seed imported: kept in round 0.
        [EventNames.Of<SeedExampleImported>()] = (x, row) => { x.Start(row, "seed"); x.Decide(Decision.Kept, 0); },
        [EventNames.Of<ExampleGenerated>()] = (x, row) => { x.Start(row, "generated"); x.Round = row.Round ?? 0; },
        // Forked: generated, verified and embedded in the parent.
        [EventNames.Of<ExampleForked>()] = (x, row) =>
        {
            x.Start(row, "generated");
            x.Round = row.Round ?? 0;
            x.Embedding = row.Embedding;
            if (row.Passed != true) x.Decide(Decision.Dropped, x.Round);
        },
        [EventNames.Of<ExampleEmbedded>()] = (x, row) => x.Embedding = row.Embedding,
        // Rejected by verification, in the round it was generated.
        [EventNames.Of<ExampleRejected>()] = (x, _) => x.Decide(Decision.Dropped, x.Round),
        [EventNames.Of<ExampleKept>()] = (x, row) => x.Decide(Decision.Kept, row.Round ?? 0),
        [EventNames.Of<ExampleDropped>()] = (x, row) => x.Decide(Decision.Dropped, row.Round ?? 0),
    };

    /// <summary>Every example of the run, in the order its first event was appended.</summary>
    public static async Task<IReadOnlyList<PoolEntry>> LoadAsync(IQuerySession session, string runId, CancellationToken ct)
    {
        var schema = session.DocumentStore.Options.Events.DatabaseSchemaName;
        // One JSON object per event of the seven kinds, of only the fields pool work reads: a forked example carries
        // its generated event and embedding nested. On the session's own connection (and transaction, in a stage).
        var rows = session.AdvancedSql.StreamAsync<Row>('$', $"""
            select jsonb_build_object(
                'Type', type, 'ExampleId', data->>'ExampleId', 'RunId', data->>'RunId',
                'Problem', coalesce(data->>'Problem', data->'Generated'->>'Problem'),
                'Solution', coalesce(data->>'Solution', data->'Generated'->>'Solution'),
                'Round', coalesce((data->>'Round')::int, (data->'Generated'->>'Round')::int),
                'Embedding', case type when $ then data when $ then data->'Embedding' end,
                'Passed', (data->'Verification'->>'Passed')::boolean)
            from {schema}.mt_events
            where stream_id like $ escape '\' and type = any($)
            order by seq_id
            """, ct, EventNames.Of<ExampleEmbedded>(), EventNames.Of<ExampleForked>(), StreamPrefix.Like(RunIds.Streams.RunPrefix(runId) + ":"), Steps.Keys.ToArray());

        var entries = new Dictionary<string, Folding>(StringComparer.Ordinal);
        await foreach (var row in rows)
        {
            if (!entries.TryGetValue(row.ExampleId, out var x)) entries[row.ExampleId] = x = new Folding { Id = row.ExampleId };
            Steps[row.Type](x, row);
        }
        return entries.Values.Select(x => x.Entry()).ToList();
    }

    /// <summary>One event's narrow columns (no <c>Id</c> member: Marten's raw SQL would read a type with one as a document).</summary>
    internal sealed record Row(string Type, string ExampleId, string? RunId, string? Problem, string? Solution, int? Round, ExampleEmbedded? Embedding, bool? Passed);

    private sealed class Folding
    {
        public string Id { get; init; } = "";
        public string RunId { get; private set; } = "";
        public string Origin { get; private set; } = "";
        public string Problem { get; private set; } = "";
        public string Solution { get; private set; } = "";
        public int Round { get; set; }
        public ExampleEmbedded? Embedding { get; set; }
        public Decision Outcome { get; private set; }
        public int? DecidedRound { get; private set; }

        public void Start(Row row, string origin) =>
            (RunId, Origin, Problem, Solution) = (row.RunId ?? "", origin, row.Problem ?? "", row.Solution ?? "");

        public void Decide(Decision outcome, int round) => (Outcome, DecidedRound) = (outcome, round);

        public PoolEntry Entry() => new(Id, RunId, Origin, Problem, Solution, Embedding, Outcome, DecidedRound);
    }
}
