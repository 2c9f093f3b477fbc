using Lineage.Domain.Examples;

namespace Lineage.Filters.Rules;

/// <summary>One candidate as the filter rules see it.</summary>
public sealed record Candidate(string Id, string Problem, string Solution, string? Answer);

/// <summary>
/// What a rule found, as typed values: it words itself once (<see cref="Sentence"/>, the reason a <c>why</c>
/// prints) and writes its own fields into the recorded <see cref="DecisionEvidence"/> (<see cref="Record"/>), so a
/// new piece of evidence is one new record here and its fields on the event, nothing in between.
/// </summary>
public abstract record RuleEvidence
{
    public abstract string Sentence(bool keep);

    public abstract DecisionEvidence Record(DecisionEvidence recorded);
}

/// <summary>A rule's verdict on one candidate, with the evidence behind it.</summary>
public sealed record RuleVerdict(bool Keep, RuleEvidence Evidence)
{
    public string Reason => Evidence.Sentence(Keep);
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
