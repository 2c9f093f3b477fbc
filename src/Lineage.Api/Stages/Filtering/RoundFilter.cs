using Lineage.Domain.Examples;

namespace Lineage.Api.Stages.Filtering;

/// <summary>One candidate as the filter rules see it.</summary>
public sealed record Candidate(string Id, string Problem, string Solution, string? Answer);

/// <summary>A rule's verdict on one candidate; <see cref="Keep"/> false names the reason and evidence.</summary>
public sealed record RuleVerdict(bool Keep, string Reason, DecisionEvidence Evidence)
{
    public static RuleVerdict Pass(string reason, DecisionEvidence? evidence = null) => new(true, reason, evidence ?? new DecisionEvidence());
    public static RuleVerdict Drop(string reason, DecisionEvidence evidence) => new(false, reason, evidence);
}

/// <summary>
/// A filter rule. Rules are stateful over one round: they see candidates in a fixed order and may
/// remember kept ones (the duplicate rule does), so <see cref="Admit"/> is called only for kept candidates.
/// </summary>
public interface ICandidateRule
{
    string Name { get; }
    RuleVerdict Judge(Candidate candidate);
    void Admit(Candidate candidate);
}

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
                    dropped = new ExampleDropped(runId, candidate.Id, round, rule.Name, verdict.Reason, verdict.Evidence);
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
                string.Join("; ", passed.Select(p => p.Reason)), Merge(passed.Select(p => p.Evidence))));
        }
        return events;
    }

    private static DecisionEvidence Merge(IEnumerable<DecisionEvidence> all)
    {
        var merged = new DecisionEvidence();
        foreach (var e in all)
            merged = merged with
            {
                DuplicateOf = merged.DuplicateOf ?? e.DuplicateOf,
                Length = merged.Length ?? e.Length,
                MinLength = merged.MinLength ?? e.MinLength,
                MaxLength = merged.MaxLength ?? e.MaxLength,
                ClusteringId = merged.ClusteringId ?? e.ClusteringId,
                ClusterId = merged.ClusterId ?? e.ClusterId,
                Cosine = merged.Cosine ?? e.Cosine,
                ClusterSize = merged.ClusterSize ?? e.ClusterSize,
                Threshold = merged.Threshold ?? e.Threshold,
                R = merged.R ?? e.R,
                K = merged.K ?? e.K,
                MatchedNgram = merged.MatchedNgram ?? e.MatchedNgram,
                BenchmarkItem = merged.BenchmarkItem ?? e.BenchmarkItem,
                Votes = merged.Votes ?? e.Votes,
            };
        return merged;
    }
}
