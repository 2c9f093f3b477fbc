using Lineage.Domain.Examples;
using Rules = Lineage.Filters.Rules;

namespace Lineage.Api.Stages.Filtering;

/// <summary>
/// Drops a candidate whose normalised problem text was already kept (in the pool or earlier in this
/// round); the evidence is the id of the first copy. "Normalised" is <see cref="Rules.ExactDuplicateRule"/>'s
/// fingerprint, the same text normalisation the decontamination rule uses.
/// </summary>
/// <remarks>
/// The order differs from <see cref="Rules.ExactDuplicateRule.Decide"/>, which keeps the copy whose id sorts
/// first: here only candidates that every rule keeps are remembered (<see cref="Admit"/>), so when the first
/// copy is dropped by another rule a later copy can still be kept, and the dataset keeps one copy rather than none.
/// </remarks>
public sealed class DuplicateRule : ICandidateRule
{
    private readonly Dictionary<string, string> _firstByKey = new(StringComparer.Ordinal);

    public DuplicateRule(IEnumerable<Candidate> pool)
    {
        foreach (var p in pool) Admit(p);
    }

    public string Name => Rules.ExactDuplicateRule.Name;

    public RuleVerdict Judge(Candidate c) =>
        _firstByKey.TryGetValue(Key(c), out var first)
            ? RuleVerdict.Drop($"exact duplicate of {first} (same normalised problem text)", new DecisionEvidence { DuplicateOf = first })
            : RuleVerdict.Pass("no earlier copy of the normalised problem text");

    public void Admit(Candidate c) => _firstByKey.TryAdd(Key(c), c.Id);

    /// <summary>SHA-256 of the normalised problem text (<see cref="Rules.TextNormalizer"/>).</summary>
    public static string Key(Candidate c) => Rules.ExactDuplicateRule.Fingerprint(c.Problem);
}
