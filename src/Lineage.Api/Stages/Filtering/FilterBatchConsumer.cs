using Lineage.Api.EventStore;
using Lineage.Domain.Messages;
using Lineage.Domain.Runs;
using Marten;

namespace Lineage.Api.Stages.Filtering;

/// <summary>
/// Applies the filter rules to all verified candidates of a round, against the pool kept so far
/// (seeds and earlier rounds), and records a keep or drop with evidence for each (<see cref="FilterRound"/>).
/// With diversity on, the round's G-Vendi is that of the pool with this round's kept candidates added.
/// </summary>
public sealed class FilterBatchConsumer(StageWriter writer, RuleFactory rules, RoundGVendi diversity) : StageConsumer<FilterBatch>(writer)
{
    protected override string StreamOf(FilterBatch m) => RunIds.Streams.Filter(m.RunId, m.Round);

    protected override async Task<IReadOnlyList<object>> ProduceAsync(IDocumentSession session, FilterBatch m, RunStarted run, CancellationToken ct)
    {
        var (pool, candidates) = await RoundExamples.LoadAsync(session, m.RunId, m.Round, ct);
        var roundRules = await rules.ForRoundAsync(session, run, m.Round, pool, ct);
        return FilterRound.Decide(m.RunId, m.Round, pool, candidates, roundRules,
            kept => run.Config.Diversity is { } settings ? diversity.After(pool, kept, settings.Dimension) : null);
    }
}
