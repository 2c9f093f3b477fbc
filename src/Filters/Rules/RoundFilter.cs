using Lineage.Domain.Examples;

namespace Lineage.Filters.Rules;

/// <summary>
/// Applies the round's rules in order to each candidate, in a deterministic order (round, batch, index):
/// the first rule that drops decides; a candidate every rule passes is kept with all their evidence merged.
/// </summary>
public static class RoundFilter
{
    public static IReadOnlyList<IExampleEvent> Decide(string runId, int round, IEnumerable<Candidate> candidates, IReadOnlyList<ICandidateRule> rules)
    {
        var events = new List<IExampleEvent>();
        foreach (var candidate in candidates)
        {
            var passed = new List<RuleVerdict>();
            ExampleDropped? dropped = null;
            foreach (var rule in rules)
            {
                var verdict = rule.Judge(candidate);
                if (!verdict.Keep)
                {
                    dropped = new ExampleDropped(runId, candidate.Id, round, rule.Name, verdict.Reason, verdict.Evidence.Record(new DecisionEvidence()));
                    break;
                }
                passed.Add(verdict);
            }
            if (dropped is not null)
            {
                events.Add(dropped);
                continue;
            }
            foreach (var rule in rules) rule.Admit(candidate);
            events.Add(new ExampleKept(runId, candidate.Id, round, rules.Select(r => r.Name).ToList(),
                string.Join("; ", passed.Select(p => p.Reason)),
                passed.Aggregate(new DecisionEvidence(), (recorded, p) => p.Evidence.Record(recorded))));
        }
        return events;
    }
}
