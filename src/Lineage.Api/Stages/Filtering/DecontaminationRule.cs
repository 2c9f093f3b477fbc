using Lineage.Domain.Examples;
using Rules = Lineage.Filters.Rules;

namespace Lineage.Api.Stages.Filtering;

/// <summary>
/// Drops a candidate whose problem shares a word n-gram with a benchmark item (<see cref="Rules.NgramOverlapRule"/>),
/// so a lightly edited test problem cannot enter the training data. Evidence: the matched n-gram and the
/// benchmark item as <c>file:line</c>.
/// </summary>
public sealed class DecontaminationRule(Rules.NgramIndex index) : ICandidateRule
{
    public string Name => Rules.NgramOverlapRule.Name;

    public RuleVerdict Judge(Candidate c)
    {
        var decision = Rules.NgramOverlapRule.Decide(index, c.Problem);
        return decision.Keep
            ? RuleVerdict.Pass(decision.Reason)
            : RuleVerdict.Drop(decision.Reason, new DecisionEvidence { MatchedNgram = decision.MatchedNgram, BenchmarkItem = decision.BenchmarkItemId });
    }

    public void Admit(Candidate candidate) { }
}
