using System.Text;
using Lineage.Domain.Examples;
using Lineage.Domain.Hashing;

namespace Lineage.Api.Stages.Filtering;

/// <summary>
/// Drops a candidate whose normalised problem text was already kept (in the pool or earlier in this
/// round); the evidence is the id of the first copy.
/// </summary>
public sealed class DuplicateRule : ICandidateRule
{
    private readonly Dictionary<string, string> _firstById = new(StringComparer.Ordinal);

    public DuplicateRule(IEnumerable<Candidate> pool)
    {
        foreach (var p in pool) Admit(p);
    }

    public string Name => "exact-duplicate";

    public RuleVerdict Judge(Candidate c) =>
        _firstById.TryGetValue(Key(c), out var first)
            ? RuleVerdict.Drop($"exact duplicate of {first} (same normalised problem text)", new DecisionEvidence { DuplicateOf = first })
            : RuleVerdict.Pass("no earlier copy of the normalised problem text");

    public void Admit(Candidate c) => _firstById.TryAdd(Key(c), c.Id);

    /// <summary>Lower case, whitespace collapsed, punctuation except math symbols dropped, then SHA-256.</summary>
    public static string Key(Candidate c)
    {
        var text = new StringBuilder(c.Problem.Length);
        var space = false;
        foreach (var ch in c.Problem.ToLowerInvariant())
        {
            if (char.IsWhiteSpace(ch)) { space = text.Length > 0; continue; }
            if (char.IsPunctuation(ch) && ch is not ('/' or '%' or '(' or ')' or '-')) continue;
            if (space) text.Append(' ');
            space = false;
            text.Append(ch);
        }
        return Sha256Hex.Of(text.ToString());
    }
}
