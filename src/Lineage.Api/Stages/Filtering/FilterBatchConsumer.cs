using Lineage.Domain.Examples;
using Lineage.Domain.Messages;
using Lineage.Domain.Runs;
using Marten;
using MassTransit;

namespace Lineage.Api.Stages.Filtering;

/// <summary>
/// Applies the filter rules to all verified candidates of a round, against the pool kept so far
/// (seeds and earlier rounds), and records a keep or drop with evidence for each.
/// </summary>
public sealed class FilterBatchConsumer(IDocumentStore store, RuleFactory rules) : IConsumer<FilterBatch>
{
    public async Task Consume(ConsumeContext<FilterBatch> context)
    {
        var m = context.Message;
        var ct = context.CancellationToken;
        await using var session = store.LightweightSession();
        var stream = RunIds.Streams.Filter(m.RunId, m.Round);
        if (await StageStreams.ExistsAsync(session, stream, ct)) return;
        var run = await RunReader.LoadAsync(session, m.RunId, ct);

        var pool = await session.Query<ExampleLineage>()
            .Where(x => x.RunId == m.RunId && x.Outcome == Decision.Kept)
            .ToListAsync(ct);
        var candidates = (await session.Query<ExampleLineage>()
                .Where(x => x.RunId == m.RunId && x.Round == m.Round && x.Origin == "generated" && x.Outcome == Decision.Pending)
                .ToListAsync(ct))
            .Where(x => x.Verification is { Passed: true })
            .OrderBy(x => x.Batch).ThenBy(x => x.Index)
            .ToList();

        var roundRules = await rules.ForRoundAsync(session, run, m.Round, pool, ct);
        var decisions = RoundFilter.Decide(m.RunId, m.Round,
            candidates.Select(x => new Candidate(x.Id, x.Problem, x.Solution, x.Answer)), roundRules);
        var kept = decisions.Count(d => d is ExampleKept);
        var droppedByRule = decisions.OfType<ExampleDropped>()
            .GroupBy(d => d.Rule).OrderBy(g => g.Key, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Count());
        var events = decisions.Cast<object>().ToList();
        events.Add(new RoundFiltered(m.RunId, m.Round, kept, decisions.Count - kept, droppedByRule, null));
        await StageStreams.StartOnceAsync(session, stream, events, ct);
    }
}
