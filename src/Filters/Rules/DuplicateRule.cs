using System.Security.Cryptography;
using System.Text;
using Lineage.Domain.Examples;

namespace Lineage.Filters.Rules;

/// <summary>The kept example a candidate copies, or null when it copies none.</summary>
public sealed record DuplicateEvidence(string? FirstCopy) : RuleEvidence
{
    public override string Sentence(bool keep) => FirstCopy is null
        ? "no earlier copy of the normalised problem text"
        : $"exact duplicate of {FirstCopy} (same normalised problem text)";

    public override DecisionEvidence Record(DecisionEvidence recorded) =>
        FirstCopy is null ? recorded : recorded with { DuplicateOf = FirstCopy };
}

/// <summary>
/// Drops a candidate whose normalised problem text (<see cref="TextNormalizer"/>, the normalisation the
/// decontamination rule uses too) was already kept, in the pool or earlier in this round. Only candidates that
/// every rule keeps are remembered (<see cref="Admit"/>), so when a first copy is dropped by another rule a later
/// copy can still be kept, and the dataset keeps one copy rather than none.
/// </summary>
public sealed class DuplicateRule : ICandidateRule
{
    public const string RuleName = "exact-duplicate";

    private readonly Dictionary<string, string> _firstByKey = new(StringComparer.Ordinal);

    public DuplicateRule(IEnumerable<Candidate> pool)
    {
        foreach (var p in pool) Admit(p);
    }

    public string Name => RuleName;

    public RuleVerdict Judge(Candidate c) =>
        _firstByKey.TryGetValue(Fingerprint(c.Problem), out var first)
            ? new RuleVerdict(false, new DuplicateEvidence(first))
            : new RuleVerdict(true, new DuplicateEvidence(null));

    public void Admit(Candidate c) => _firstByKey.TryAdd(Fingerprint(c.Problem), c.Id);

    /// <summary>SHA-256 (hex) of the normalised text.</summary>
    public static string Fingerprint(string text) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(TextNormalizer.Normalize(text))));
}
