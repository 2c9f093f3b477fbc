using Lineage.Domain.Examples;
using Lineage.Domain.Messages;
using Lineage.Domain.Runs;
using Lineage.Filters.Rules;
using Marten;

namespace Lineage.Api.Stages.Filtering;

/// <summary>
/// Applies the filter rules to all verified candidates of a round, against the pool kept so far
/// (seeds and earlier rounds), and records a keep or drop with evidence for each. With diversity on,
/// the round's G-Vendi is that of the pool with this round's kept candidates added.
/// </summary>
public sealed class FilterBatchConsumer(IDocumentStore store, RuleFactory rules, RoundGVendi diversity) : StageConsumer<FilterBatch>(store)
{
    protected override string StreamOf(FilterBatch m) => RunIds.Streams.Filter(m.RunId, m.Round);

    protected override async Task<IReadOnlyList<object>> ProduceAsync(IDocumentSession session, FilterBatch m, RunStarted run, CancellationToken ct)
    {
        var (pool, candidates) = await RoundExamples.LoadAsync(session, m.RunId, m.Round, ct);
        var roundRules = await rules.ForRoundAsync(session, run, m.Round, pool, ct);
        var decisions = RoundFilter.Decide(m.RunId, m.Round,
            candidates.Select(x => new Candidate(x.Id, x.Problem, x.Solution, x.Answer)), roundRules);
        var kept = decisions.OfType<ExampleKept>().Select(k => k.ExampleId).ToHashSet(StringComparer.Ordinal);
        var droppedByRule = decisions.OfType<ExampleDropped>()
            .GroupBy(d => d.Rule).OrderBy(g => g.Key, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Count());
        var gvendi = run.Config.Diversity is { } settings
            ? diversity.After(pool, candidates.Where(c => kept.Contains(c.Id)).ToList(), settings.Dimension)
            : null;
        var events = decisions.Cast<object>().ToList();
        var totalKept = pool.Count(x => x.Origin == "generated") + kept.Count;
        events.Add(new RoundFiltered(m.RunId, m.Round, kept.Count, decisions.Count - kept.Count, droppedByRule, gvendi, totalKept));
        return events;
    }
}
