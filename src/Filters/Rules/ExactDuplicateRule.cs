using System.Security.Cryptography;
using System.Text;

namespace Lineage.Filters.Rules;

/// <summary>A candidate text with its id.</summary>
public sealed record TextCandidate(string Id, string Text);

/// <param name="Fingerprint">SHA-256 (hex) of the normalised text.</param>
/// <param name="FirstCopyId">For a dropped copy: the id of the copy that was kept.</param>
public sealed record ExactDuplicateDecision(string Id, bool Keep, string Fingerprint, string? FirstCopyId) : IFilterDecision
{
    public string Rule => ExactDuplicateRule.Name;

    public string Reason => Keep
        ? "first copy of its normalised text"
        : $"same normalised text (sha256 {Fingerprint[..12]}…) as {FirstCopyId}";
}

/// <summary>
/// Drops all but one copy of each text, after <see cref="TextNormalizer"/> (so case, spacing and
/// punctuation differences do not hide a copy). Within a batch the copy kept is the one whose id
/// sorts first (ordinal), so the outcome does not depend on the order candidates arrived in.
/// </summary>
public static class ExactDuplicateRule
{
    public const string Name = "exact-duplicate";

    public static string Fingerprint(string text) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(TextNormalizer.Normalize(text))));

    /// <summary>Decisions for a batch, in the order given.</summary>
    /// <param name="alreadyKept">
    /// Fingerprint → id of texts kept earlier (earlier batches); those win over anything in this batch.
    /// </param>
    public static IReadOnlyList<ExactDuplicateDecision> Decide(IReadOnlyList<TextCandidate> candidates,
        IReadOnlyDictionary<string, string>? alreadyKept = null)
    {
        var duplicateIds = candidates.GroupBy(c => c.Id).FirstOrDefault(g => g.Count() > 1);
        if (duplicateIds is not null) throw new ArgumentException($"candidate id '{duplicateIds.Key}' appears twice");

        var fingerprints = candidates.Select(c => Fingerprint(c.Text)).ToArray();
        var first = new Dictionary<string, string>(alreadyKept ?? new Dictionary<string, string>());
        foreach (int i in Enumerable.Range(0, candidates.Count).OrderBy(i => candidates[i].Id, StringComparer.Ordinal))
        {
            first.TryAdd(fingerprints[i], candidates[i].Id);
        }
        return candidates
            .Select((c, i) =>
            {
                string keeper = first[fingerprints[i]];
                bool keep = keeper == c.Id;
                return new ExactDuplicateDecision(c.Id, keep, fingerprints[i], keep ? null : keeper);
            })
            .ToList();
    }
}
