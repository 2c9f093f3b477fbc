using System.Collections.Concurrent;
using Lineage.Api.Diversity;
using Lineage.Domain.Examples;
using Lineage.Domain.Versions;
using Marten;
using Marten.Linq.MatchesSql;

namespace Lineage.Api.Explorer.Versions;

/// <summary>One row of the examples table.</summary>
public sealed record ExampleRow(string Id, int Round, int Batch, int Index, string Outcome, string? Rule, string Generator, string Problem, string? Answer)
{
    public ExamplePosition Position => new(Round, Batch, Index);
}

/// <summary>
/// One page of a version's generated examples under a filter. <see cref="Total"/> is how many match, when it is known
/// without counting (see <see cref="ExampleTableQuery.KnownTotal"/>) or once counted; <see cref="HasNext"/> comes from
/// reading one row past the page, so paging never waits for a count.
/// </summary>
public sealed record ExampleTablePage(ExampleFilter Filter, long? Total, bool HasNext, IReadOnlyList<ExampleRow> Rows)
{
    public int? Pages => Total is { } t ? (int)Math.Max(1, (t + Filter.PageSize - 1) / Filter.PageSize) : null;
}

/// <summary>
/// The examples table, paged on the server: a run's generated examples in generation order (round, batch, index),
/// which the Explorer's composite index serves a page at a time (<see cref="ExplorerIndexes"/>), filtered by decision,
/// rule, round, generator and full-text search over problem and solution.
/// <para>
/// Counting is the expensive part (every matching document is read), so a page never counts: the totals the sealed
/// version already states are used as they are, and any other total is counted by a separate request and remembered,
/// since a sealed version's examples never change their decision, rule, round, generator or text.
/// </para>
/// </summary>
public sealed class ExampleTableQuery(IDocumentStore store)
{
    private const int CachedCounts = 512;
    private readonly ConcurrentDictionary<string, long> _counts = new(StringComparer.Ordinal);

    /// <summary>
    /// <see cref="DiversityReporter.GeneratorOf"/> in SQL, so the generator filter means what the diversity report's
    /// groups mean: the teacher model if there is one, else the procedural family, else the generator id.
    /// </summary>
    /// <summary>The position (round, batch, index) as a row, in the expressions the composite index holds.</summary>
    public const string PositionSql =
        "(CAST(d.data ->> 'Round' as integer), CAST(d.data ->> 'Batch' as integer), CAST(d.data ->> 'Index' as integer))";

    public const string GeneratorSql =
        "(CASE WHEN d.data -> 'Generated' ->> 'ModelId' IS NOT NULL THEN (d.data -> 'Generated' ->> 'GeneratorKind') || ':' || (d.data -> 'Generated' ->> 'ModelId')" +
        " WHEN d.data -> 'Generated' -> 'Attributes' ->> 'family' IS NOT NULL THEN (d.data -> 'Generated' ->> 'GeneratorKind') || ':' || (d.data -> 'Generated' -> 'Attributes' ->> 'family')" +
        " ELSE d.data -> 'Generated' ->> 'GeneratorId' END)";

    public async Task<ExampleTablePage> PageAsync(VersionSealed version, ExampleFilter filter, CancellationToken ct)
    {
        await using var session = store.QuerySession();
        var q = Filtered(session, version.RunId, filter);
        List<ExampleLineage> rows;
        bool hasNext;
        if (filter.Before is { } before)
        {
            // The page before a position: read backwards from it, then put the rows back in order.
            var back = await q.Where(x => x.MatchesSql(PositionSql + " < (?, ?, ?)", before.Round, before.Batch, before.Index))
                .OrderByDescending(x => x.Round).ThenByDescending(x => x.Batch).ThenByDescending(x => x.Index)
                .Take(filter.PageSize).ToListAsync(ct);
            rows = back.Reverse().ToList();
            hasNext = true;
        }
        else
        {
            if (filter.After is { } after)
                q = q.Where(x => x.MatchesSql(PositionSql + " > (?, ?, ?)", after.Round, after.Batch, after.Index));
            var ordered = q.OrderBy(x => x.Round).ThenBy(x => x.Batch).ThenBy(x => x.Index);
            var docs = await (filter.After is null ? ordered.Skip((filter.Page - 1) * filter.PageSize) : ordered)
                .Take(filter.PageSize + 1).ToListAsync(ct);
            hasNext = docs.Count > filter.PageSize;
            rows = docs.Take(filter.PageSize).ToList();
        }
        var total = KnownTotal(version, filter) ?? (_counts.TryGetValue(CountKey(version, filter), out var counted) ? counted : null);
        return new ExampleTablePage(filter, total, hasNext, rows.Select(Row).ToList());
    }

    /// <summary>How many of the version's examples match the filter (the page number is ignored).</summary>
    public async Task<long> CountAsync(VersionSealed version, ExampleFilter filter, CancellationToken ct)
    {
        if (KnownTotal(version, filter) is { } known) return known;
        var key = CountKey(version, filter);
        if (_counts.TryGetValue(key, out var cached)) return cached;
        await using var session = store.QuerySession();
        long count = await Filtered(session, version.RunId, filter).CountAsync(ct);
        if (_counts.Count >= CachedCounts) _counts.Clear();
        _counts[key] = count;
        return count;
    }

    /// <summary>
    /// The totals a sealed version states itself (its counts are taken from the same documents at sealing, after which
    /// they do not change): all generated, kept, dropped, dropped by one rule, pending. Null for any other filter.
    /// </summary>
    public static long? KnownTotal(VersionSealed v, ExampleFilter f)
    {
        if (f.Round is not null || f.Generator is not null || f.Text is not null) return null;
        var dropped = v.DroppedByRule.Values.Sum();
        return (f.Decision, f.Rule) switch
        {
            (null, null) => v.Generated,
            (Decision.Kept, null) => v.Kept,
            (Decision.Dropped, null) => dropped,
            (Decision.Dropped, { } rule) => v.DroppedByRule.GetValueOrDefault(rule),
            (Decision.Pending, null) => v.Generated - v.Kept - dropped,
            _ => null,
        };
    }

    private static IQueryable<ExampleLineage> Filtered(IQuerySession session, string runId, ExampleFilter filter)
    {
        var q = session.Query<ExampleLineage>().Where(x => x.RunId == runId && x.Origin == "generated");
        if (filter.Decision is { } decision) q = q.Where(x => x.Outcome == decision);
        if (filter.Rule is { } rule) q = q.Where(x => x.Rule == rule);
        if (filter.Round is { } round) q = q.Where(x => x.Round == round);
        if (filter.Generator is { } generator) q = q.Where(x => x.MatchesSql(GeneratorSql + " = ?", generator));
        if (filter.Text is { } text) q = q.Where(x => x.PlainTextSearch(text));
        return q;
    }

    private static string CountKey(VersionSealed v, ExampleFilter f) => v.VersionId + "\n" + f.FiltersOnly().Query();

    public static ExampleRow Row(ExampleLineage x) => new(
        x.Id, x.Round, x.Batch, x.Index, x.Outcome.ToString().ToLowerInvariant(), x.Rule,
        x.Generated is null ? x.Origin : DiversityReporter.GeneratorOf(x), x.Problem, x.Answer);
}
