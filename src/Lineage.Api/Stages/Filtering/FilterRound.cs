using Lineage.Domain.Examples;
using Lineage.Filters.Rules;

namespace Lineage.Api.Stages.Filtering;

/// <summary>
/// One round's filter stream as a function of its inputs: every candidate decided by the round's rules
/// (<see cref="RoundFilter"/>), then <see cref="RoundFiltered"/> with the counts per rule, the G-Vendi of the pool
/// once the kept have joined it, and the run's kept total. The filter stage appends it; an audit re-derives it
/// from the recorded inputs; a fork computes its own with other settings.
/// </summary>
public static class FilterRound
{
    /// <param name="gvendiAfter">G-Vendi of the pool with these kept candidates added, or null without diversity settings.</param>
    public static IReadOnlyList<object> Decide(
        string runId, int round, IReadOnlyList<IPoolExample> pool, IReadOnlyList<ExampleLineage> candidates,
        IReadOnlyList<ICandidateRule> rules, Func<IReadOnlyList<ExampleLineage>, double?> gvendiAfter)
    {
        var decisions = RoundFilter.Decide(runId, round, candidates.Select(x => new Candidate(x.Id, x.Problem, x.Solution, x.Answer)), rules);
        var kept = decisions.OfType<ExampleKept>().Select(k => k.ExampleId).ToHashSet(StringComparer.Ordinal);
        var droppedByRule = decisions.OfType<ExampleDropped>()
            .GroupBy(d => d.Rule).OrderBy(g => g.Key, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Count());
        var gvendi = gvendiAfter(candidates.Where(c => kept.Contains(c.Id)).ToList());
        var events = decisions.Cast<object>().ToList();
        var totalKept = pool.Count(x => x.Origin == "generated") + kept.Count;
        events.Add(new RoundFiltered(runId, round, kept.Count, decisions.Count - kept.Count, droppedByRule, gvendi, totalKept));
        return events;
    }
}
