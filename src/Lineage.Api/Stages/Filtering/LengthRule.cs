using Lineage.Domain.Examples;
using Lineage.Domain.Pipelines;
using Rules = Lineage.Filters.Rules;

namespace Lineage.Api.Stages.Filtering;

/// <summary>
/// Drops candidates whose problem + solution text is shorter or longer than the configured bounds
/// (inclusive). The measuring is <see cref="Rules.LengthRule"/>'s (characters = Unicode scalar values);
/// this adapter words the verdict and records the length and both bounds as evidence.
/// </summary>
public sealed class LengthRule(LengthBounds bounds) : ICandidateRule
{
    private readonly Rules.LengthLimits _limits = new() { MinChars = bounds.MinChars, MaxChars = bounds.MaxChars };

    public string Name => Rules.LengthRule.Name;

    public RuleVerdict Judge(Candidate c)
    {
        var decision = Rules.LengthRule.Decide(c.Problem + c.Solution, _limits);
        var length = checked((int)decision.Chars);
        var evidence = new DecisionEvidence { Length = length, MinLength = bounds.MinChars, MaxLength = bounds.MaxChars };
        if (decision.Keep) return RuleVerdict.Pass($"length {length} within {bounds.MinChars}..{bounds.MaxChars}", evidence);
        return decision.Bound == "min"
            ? RuleVerdict.Drop($"too short: {length} characters < minimum {bounds.MinChars}", evidence)
            : RuleVerdict.Drop($"too long: {length} characters > maximum {bounds.MaxChars}", evidence);
    }

    public void Admit(Candidate candidate) { }
}
