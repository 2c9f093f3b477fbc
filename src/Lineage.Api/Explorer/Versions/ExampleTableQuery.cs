using Lineage.Api.Diversity;
using Lineage.Domain.Examples;
using Marten;
using Marten.Linq.MatchesSql;

namespace Lineage.Api.Explorer.Versions;

/// <summary>One row of the examples table.</summary>
public sealed record ExampleRow(string Id, int Round, int Batch, int Index, string Outcome, string? Rule, string Generator, string Problem, string? Answer);

/// <summary>One page of a run's generated examples under a filter, and how many match it.</summary>
public sealed record ExampleTablePage(ExampleFilter Filter, long Total, IReadOnlyList<ExampleRow> Rows)
{
    public int Pages => (int)Math.Max(1, (Total + Filter.PageSize - 1) / Filter.PageSize);
}

/// <summary>
/// The examples table, paged on the server: a run's generated examples in generation order (round, batch, index), which
/// the Explorer's composite index serves a page at a time (<see cref="ExplorerIndexes"/>), filtered by decision, rule,
/// round, generator and full-text search over problem and solution.
/// </summary>
public sealed class ExampleTableQuery(IDocumentStore store)
{
    /// <summary>
    /// <see cref="DiversityReporter.GeneratorOf"/> in SQL, so the generator filter means what the diversity report's
    /// groups mean: the teacher model if there is one, else the procedural family, else the generator id.
    /// </summary>
    public const string GeneratorSql =
        "(CASE WHEN d.data -> 'Generated' ->> 'ModelId' IS NOT NULL THEN (d.data -> 'Generated' ->> 'GeneratorKind') || ':' || (d.data -> 'Generated' ->> 'ModelId')" +
        " WHEN d.data -> 'Generated' -> 'Attributes' ->> 'family' IS NOT NULL THEN (d.data -> 'Generated' ->> 'GeneratorKind') || ':' || (d.data -> 'Generated' -> 'Attributes' ->> 'family')" +
        " ELSE d.data -> 'Generated' ->> 'GeneratorId' END)";

    public async Task<ExampleTablePage> PageAsync(string runId, ExampleFilter filter, CancellationToken ct)
    {
        await using var session = store.QuerySession();
        var q = session.Query<ExampleLineage>().Where(x => x.RunId == runId && x.Origin == "generated");
        if (filter.Decision is { } decision) q = q.Where(x => x.Outcome == decision);
        if (filter.Rule is { } rule) q = q.Where(x => x.Rule == rule);
        if (filter.Round is { } round) q = q.Where(x => x.Round == round);
        if (filter.Generator is { } generator) q = q.Where(x => x.MatchesSql(GeneratorSql + " = ?", generator));
        if (filter.Text is { } text) q = q.Where(x => x.PlainTextSearch(text));
        var total = await q.CountAsync(ct);
        var docs = await q.OrderBy(x => x.Round).ThenBy(x => x.Batch).ThenBy(x => x.Index)
            .Skip((filter.Page - 1) * filter.PageSize).Take(filter.PageSize).ToListAsync(ct);
        return new ExampleTablePage(filter, total, docs.Select(Row).ToList());
    }

    public static ExampleRow Row(ExampleLineage x) => new(
        x.Id, x.Round, x.Batch, x.Index, x.Outcome.ToString().ToLowerInvariant(), x.Rule,
        x.Generated is null ? x.Origin : DiversityReporter.GeneratorOf(x), x.Problem, x.Answer);
}
