using System.Text.RegularExpressions;

namespace Lineage.Generators.Verification;

/// <summary>
/// Strips the ways of writing an answer that do not change its value: math
/// delimiters, spacing commands, \left/\right, \dfrac, thousands separators,
/// dollar signs, units, degree and percent signs, a trailing period, a leading
/// "x =". The output is still LaTeX; <see cref="AnswerEquivalence"/> compares values.
/// Percent signs are dropped, not divided by 100: "50\%" becomes "50", so it
/// matches "50" and not "0.5" (answers to "what percent" questions are written both ways
/// with and without the sign far more often than as a decimal).
/// </summary>
public static class AnswerNormalizer
{
    // Unit words are only removed after a number, so variables and words that are the answer survive.
    private const string UnitWords =
        "square|sq|cubic|cm|mm|km|meters?|metres?|centimeters?|centimetres?|millimeters?|kilometers?|inches|inch|feet|foot|ft|yards?|yd|miles?|"
        + "kg|grams?|kilograms?|pounds?|lbs?|ounces?|oz|liters?|litres?|ml|seconds?|secs?|minutes?|mins?|hours?|hrs?|days?|weeks?|months?|years?|"
        + "dollars?|cents?|euros?|units?|degrees?|percent|mph|ways|people|persons|students|children";

    private static readonly (Regex Pattern, string Replacement)[] Rewrites =
    [
        (new(@"\\[dt]frac(?![a-zA-Z])"), @"\frac"),
        (new(@"\\(?:left|right|bigl|bigr|Bigl|Bigr|big|Big)(?![a-zA-Z])\.?"), ""),
        (new(@"\\(?:displaystyle|textstyle|quad|qquad)(?![a-zA-Z])"), ""),
        (new(@"\\[!,;:> ]"), ""),
        (new(@"~"), ""),
        (new(@"\{,\}"), ""),
        (new(@"\^\s*\{\s*\\circ\s*\}|\^\s*\\circ|\\circ|°|\\degree(?![a-zA-Z])"), ""),
        (new(@"\\%|%"), ""),
        (new(@"\\\$|\$"), ""),
        (new(@"−|–"), "-"),
        (new(@"π"), @"\pi "),
        (new(@"×"), @"\times "),
        (new(@"÷"), @"\div "),
        (new(@"\\frac\s*(\d)\s*(\d)"), @"\frac{$1}{$2}"),
        (new(@"\\frac\s*(\d)\s*\{"), @"\frac{$1}{"),
        (new(@"\\frac\s*(\{[^{}]*\})\s*(\d)"), @"\frac$1{$2}"),
        (new(@"\\sqrt\s*(\d)"), @"\sqrt{$1}"),
    ];

    private static readonly Regex TrailingText = new(@"^(?<value>.*\S)\s*\\(?:text|textrm|mathrm|mbox)\s*\{\s*[a-zA-Z][a-zA-Z\s.]*\}\s*(?:\^\s*\{?\s*[23]\s*\}?)?$");
    private static readonly Regex WrappedText = new(@"\\(?:text|textrm|textbf|mathrm|mathbf|mbox|boldsymbol|mathit)\s*\{([^{}]*)\}");
    private static readonly Regex TrailingUnit = new(@"^(?<value>.*(?:[\d}]|\\pi))(?:\s*(?:" + UnitWords + @")\b)+(?:\s*(?:\^\s*\{?\s*[23]\s*\}?|²|³))?\.?$", RegexOptions.IgnoreCase);
    private static readonly Regex SpacedSingleLetterUnit = new(@"^(?<value>.*\d)\s+[mgslh](?:\^\s*\{?\s*[23]\s*\}?|²|³)?$");
    private static readonly Regex LeadingAssignment = new(@"^[a-zA-Z](?:_\{?\w+\}?)?\s*=\s*(?<value>[^=]+)$");
    private static readonly Regex ThousandsSeparated = new(@"^-?\d{1,3}(?:,\d{3})+(?:\.\d+)?$");
    private static readonly Regex Spaces = new(@"\s+");
    private static readonly Regex SpaceNotBetweenLetters = new(@"(?<![a-zA-Z]) | (?![a-zA-Z])");

    public const int MaxStructuredLength = 500;

    public static string Normalize(string? answer)
    {
        if (string.IsNullOrWhiteSpace(answer)) return "";
        var s = answer.Trim();
        // A "final answer" this long is a runaway box, not an answer: compare it as plain text
        // rather than run the backtracking unit patterns over it.
        if (s.Length > MaxStructuredLength) return Spaces.Replace(s, " ");
        if (BoxedAnswer.ExtractLast(s) is { } boxed && IsWholeBox(s)) s = boxed;
        s = StripMathDelimiters(s);
        foreach (var (pattern, replacement) in Rewrites) s = pattern.Replace(s, replacement);
        s = s.Trim().TrimEnd('.').Trim();

        // Units come off the end repeatedly: "5 \text{square meters}", "12 cm^2", "3 dollars".
        string before;
        do
        {
            before = s;
            if (TrailingText.Match(s) is { Success: true } t) s = t.Groups["value"].Value.Trim();
            if (TrailingUnit.Match(s) is { Success: true } u) s = u.Groups["value"].Value.Trim();
            if (SpacedSingleLetterUnit.Match(s) is { Success: true } l) s = l.Groups["value"].Value.Trim();
        } while (s != before);
        s = WrappedText.Replace(s, "$1");

        if (LeadingAssignment.Match(s) is { Success: true } a) s = a.Groups["value"].Value;
        s = Spaces.Replace(s.Trim(), " ");
        // A space matters only between letters: "\pi r" is not "\pir", "no solution" stays two words.
        s = SpaceNotBetweenLetters.Replace(s, "");
        if (ThousandsSeparated.IsMatch(s)) s = s.Replace(",", "");
        return s.TrimEnd('.');
    }

    private static bool IsWholeBox(string s) =>
        (s.StartsWith("\\boxed", StringComparison.Ordinal) || s.StartsWith("\\fbox", StringComparison.Ordinal)) && s.EndsWith('}');

    private static string StripMathDelimiters(string s)
    {
        foreach (var (open, close) in new[] { ("\\(", "\\)"), ("\\[", "\\]"), ("$$", "$$") })
            if (s.StartsWith(open, StringComparison.Ordinal) && s.EndsWith(close, StringComparison.Ordinal) && s.Length >= open.Length + close.Length)
                return s[open.Length..^close.Length].Trim();
        return s;
    }
}
