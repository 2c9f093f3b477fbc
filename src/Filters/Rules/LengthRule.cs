using Lineage.Domain.Examples;
using Lineage.Domain.Pipelines;

namespace Lineage.Filters.Rules;

/// <summary>The measured length (problem + solution, in Unicode scalar values) and the bounds it was held to.</summary>
public sealed record LengthEvidence(int Length, int? Min, int? Max) : RuleEvidence
{
    public override string Sentence(bool keep) =>
        keep ? $"length {Length} within {Min}..{Max}"
        : Min is { } min && Length < min ? $"too short: {Length} characters < minimum {min}"
        : $"too long: {Length} characters > maximum {Max}";

    public override DecisionEvidence Record(DecisionEvidence recorded) =>
        recorded with { Length = Length, MinLength = Min, MaxLength = Max };
}

/// <summary>
/// Drops candidates whose problem + solution text is shorter or longer than the configured bounds (inclusive).
/// Characters are Unicode scalar values, so an emoji or a non-BMP character counts once.
/// </summary>
public sealed class LengthRule(LengthBounds bounds) : ICandidateRule
{
    public const string RuleName = "length";

    public string Name => RuleName;

    public static int Measure(Candidate c) => checked((int)(c.Problem + c.Solution).EnumerateRunes().LongCount());

    public RuleVerdict Judge(Candidate c)
    {
        var length = Measure(c);
        var keep = !(bounds.MinChars is { } min && length < min) && !(bounds.MaxChars is { } max && length > max);
        return new RuleVerdict(keep, new LengthEvidence(length, bounds.MinChars, bounds.MaxChars));
    }

    public void Admit(Candidate candidate) { }
}
