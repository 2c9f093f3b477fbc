using Lineage.Domain.Examples;
using Lineage.Domain.Pipelines;

namespace Lineage.Api.Stages.Filtering;

/// <summary>Drops candidates whose problem + solution text is shorter or longer than the configured bounds.</summary>
public sealed class LengthRule(LengthBounds bounds) : ICandidateRule
{
    public string Name => "length";

    public RuleVerdict Judge(Candidate c)
    {
        var length = c.Problem.Length + c.Solution.Length;
        var evidence = new DecisionEvidence { Length = length, MinLength = bounds.MinChars, MaxLength = bounds.MaxChars };
        if (length < bounds.MinChars) return RuleVerdict.Drop($"too short: {length} characters < minimum {bounds.MinChars}", evidence);
        if (length > bounds.MaxChars) return RuleVerdict.Drop($"too long: {length} characters > maximum {bounds.MaxChars}", evidence);
        return RuleVerdict.Pass($"length {length} within {bounds.MinChars}..{bounds.MaxChars}", evidence);
    }

    public void Admit(Candidate candidate) { }
}
