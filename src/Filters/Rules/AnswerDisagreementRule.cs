using System.Globalization;
using System.Text.RegularExpressions;

namespace Lineage.Filters.Rules;

/// <summary>One sampled solution's final answer; null when none could be parsed.</summary>
public sealed record AnswerVote(string SolutionId, string? Answer);

/// <param name="VoteCounts">Normalised answer → votes, in ordinal order of the answers.</param>
/// <param name="Unparsed">Solutions without an answer; they count towards the total, never towards a majority.</param>
/// <param name="AgreeingSolutionIds">Solutions whose answer is the majority's (the ones to keep).</param>
public sealed record AnswerDisagreementDecision(
    bool Keep,
    string? MajorityAnswer,
    IReadOnlyList<KeyValuePair<string, int>> VoteCounts,
    int Unparsed,
    int Total,
    IReadOnlyList<string> AgreeingSolutionIds) : IFilterDecision
{
    public string Rule => AnswerDisagreementRule.Name;

    public string Reason => (Keep
        ? $"majority answer {MajorityAnswer}: "
        : "no answer has a majority: ")
        + string.Join(", ", VoteCounts.Select(v => $"{v.Key} ×{v.Value}"))
        + (Unparsed > 0 ? $", unparsed ×{Unparsed}" : "") + $" of {Total}";
}

/// <summary>
/// Self-consistency check of sampled solutions (the recipe samples three per problem): the
/// problem is kept only if one answer has a strict majority of all solutions (votes × 2 &gt; total,
/// unparsed solutions included in the total), and then only the agreeing solutions are kept.
/// </summary>
public static partial class AnswerDisagreementRule
{
    public const string Name = "answer-disagreement";

    public static AnswerDisagreementDecision Decide(IReadOnlyList<AnswerVote> votes)
    {
        var normalised = votes.Select(v => (v.SolutionId, Answer: v.Answer is null ? null : NormalizeAnswer(v.Answer))).ToList();
        var counts = normalised
            .Where(v => !string.IsNullOrEmpty(v.Answer))
            .GroupBy(v => v.Answer!, StringComparer.Ordinal)
            .Select(g => new KeyValuePair<string, int>(g.Key, g.Count()))
            .OrderBy(c => c.Key, StringComparer.Ordinal)
            .ToList();
        int parsed = counts.Sum(c => c.Value);
        int total = votes.Count;
        var majority = counts.Where(c => 2 * c.Value > total).Select(c => c.Key).FirstOrDefault();
        var agreeing = majority is null
            ? []
            : normalised.Where(v => v.Answer == majority).Select(v => v.SolutionId).ToList();
        return new AnswerDisagreementDecision(majority is not null, majority, counts, total - parsed, total, agreeing);
    }

    /// <summary>
    /// Makes equal answers compare equal: trims, drops white space, surrounding $ signs and
    /// LaTeX thin spaces ("\!", "\,"), thousands separators between digit groups ("1,000");
    /// a plain decimal number is then written canonically ("18.0" → "18", ".5" → "0.5").
    /// Anything else (fractions, expressions) is compared as that cleaned text.
    /// </summary>
    public static string NormalizeAnswer(string answer)
    {
        string s = answer.Replace("\\!", "").Replace("\\,", "");
        s = Whitespace().Replace(s, "");
        s = s.Trim('$');
        s = ThousandsSeparator().Replace(s, "");
        if (decimal.TryParse(s, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value))
        {
            return value.ToString("0.############################", CultureInfo.InvariantCulture);
        }
        return s;
    }

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();

    [GeneratedRegex(@"(?<=\d),(?=\d{3}(\D|$))")]
    private static partial Regex ThousandsSeparator();
}
