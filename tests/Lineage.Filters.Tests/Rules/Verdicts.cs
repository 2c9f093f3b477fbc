using Lineage.Domain.Examples;
using Lineage.Filters.Rules;

namespace Lineage.Filters.Tests.Rules;

/// <summary>What a verdict records on its event, and its typed evidence.</summary>
internal static class Verdicts
{
    public static DecisionEvidence Recorded(this RuleVerdict verdict) => verdict.Evidence.Record(new DecisionEvidence());

    public static ContaminationEvidence Contamination(RuleVerdict verdict) => Assert.IsType<ContaminationEvidence>(verdict.Evidence);
}
