using System.Text.RegularExpressions;

namespace Lineage.Generators.Verification.Grading;

/// <summary>
/// Rewrites an extracted answer the way math-verify's normalisation does before parsing:
/// \left/\right and dollars dropped, \mathrm/\textbf/… read as \text, \dfrac/\tfrac/\cfrac as
/// \frac, "and"/"or"/"\text{ and }" as list commas, "percent"/"pct" as \%, a trailing
/// \text{unit} or unit word removed ("5 \text{ meters}", "12 cm", "3 hours"), malformed
/// \frac12 and \sqrt2 repaired. Only ever sees an extracted answer, never a whole text
/// (inputs over <see cref="MaxLength"/> are left alone), and every pattern has a timeout.
/// </summary>
internal static class LatexCleaner
{
    public const int MaxLength = 2000;
    private static readonly TimeSpan Timeout = TimeSpan.FromMilliseconds(250);

    private static Regex R(string pattern, RegexOptions options = RegexOptions.None) => new(pattern, options | RegexOptions.CultureInvariant, Timeout);

    private static readonly Regex LeftRight = R(@"\\m?(?:left|right)(?![a-zA-Z])\.?|\\(?:[bB]igg?[lr]?)(?![a-zA-Z])");
    private static readonly Regex Removed = R(@"\\mathrm\{th\}|\\!\s*|\\text\s*\{\s*\}|\\\$|\$|(?<!\\)[""']|\\displaystyle|\\textstyle");

    private static readonly (string Name, string Pattern, string Replacement)[] Replacements =
    [
        ("math", @"\\math(?:rm|it|bf|sf)(?![a-zA-Z])", @"\text"),
        ("text", @"\\text(?:normal|bf|it|rm|up)(?![a-zA-Z])", @"\text"),
        ("frac", @"\\[dtc]frac(?![a-zA-Z])", @"\frac"),
        ("decimalspace", @"\s\.(?=\d)", " 0."),
        ("decimalbrace", @"\{\.(?=\d)", "{0."),
        ("approx", @"~=", @"\approx"),
        ("comma", @"\s*\{\s*,\s*\}", ","),
        ("andor", @"(?<![a-zA-Z\\])(?:,?\s*(?:and|or))(?![a-zA-Z])", ","),
        ("andortext", @",?\s*\\text\s*\{\s*(?:and|or)\s*\}", ","),
        ("backslashspace", @"(?<!\\)\\\s", " "),
        ("infinity", @"infinity", @"\infty"),
        ("dots", @",?\s*\\[lc]?dots(?![a-zA-Z])", " "),
        ("percentage", @"\s*\bpercentage\b", @"\%"),
        ("percentagetext", @"\\text\{\s*percentage\s*\}", "%"),
        ("percent", @"\s*\bpercent\b", @"\%"),
        ("percenttext", @"\\text\{\s*percent\s*\}", "%"),
        ("pct", @"\s*\bpct\b", @"\%"),
        ("pcttext", @"\\text\{\s*pct\s*\}", "%"),
        ("inf", @"(?<![\\a-zA-Z])inf(?![a-zA-Z])", @"\infty"),
        ("sqrt", @"(?<![\\a-zA-Z])sqrt", @"\sqrt"),
    ];

    private static readonly Regex Replace = R(string.Join("|", Replacements.Select(r => $"(?<{r.Name}>{r.Pattern})")));
    private static readonly Dictionary<string, string> ReplacementOf = Replacements.ToDictionary(r => r.Name, r => r.Replacement);

    private static readonly Regex DoubledBackslash = R(@"\\\\(?=[a-zA-Z])");
    private static readonly Regex ThinSpaceThousands = R(@"(?<=\d)\\,(?=\d{3}(?!\d))");

    // Units (math-verify's list, abridged to what answers use): after a digit, "}" or a space, at the very end.
    private const string UnitWords =
        "feet|foot|ft|inch(?:es)?|in|yards?|yd|miles?|mi|mph|kmph|kmh|km|m|cm|mm|dm|meters?|metres?|centimeters?|centimetres?|millimeters?|kilometers?|"
        + "sq|square|cubic|cu|units?|acres?|hectares?|liters?|litres?|l|ml|gallons?|gal|g|gm|grams?|kg|kilograms?|lbs?|pounds?|oz|ounces?|tons?|"
        + "seconds?|secs?|s|minutes?|mins?|hours?|hrs?|hr|h|days?|weeks?|months?|years?|yrs?|am|pm|a\\.m\\.|p\\.m\\.|"
        + "degrees?|deg|cents?|dollars?|euros?|yuan|rupees?|rs|people|persons|men|women|students?|children|ways|points?|marks?|coins?|toys?|apples?|"
        + "edges?|digits?|tiles?|rounds?|numbers?|times|ohms?";

    private static readonly Regex TrailingText = R(@"\\(?:text|mbox)\s*\{[^{}]*\}(?:\^\d|\^\{\d\}|\{\^\d\})?\s*$");
    private static readonly Regex TrailingUnit = R(@"(?<=[\d}\s])\s*(?:" + UnitWords + @")(?:\^\d|\^\{\d\}|²|³)?\s*\.?\s*$", RegexOptions.IgnoreCase);

    private static readonly (Regex Pattern, string Replacement)[] Malformed =
    [
        (R(@"\^\s?\(([^()]*)\)"), "^{$1}"),
        (R(@"(?<!\\)sqrt\s?\(([^()]*)\)"), @"\sqrt{$1}"),
        (R(@"\\frac\s?(\d)\s?(\d+)"), @"\frac{$1}{$2}"),
        (R(@"\\frac\s?\{([^{}]*)\}\s?(\d)"), @"\frac{$1}{$2}"),
        (R(@"\\frac\s?(\d)\s?\{([^{}]*)\}"), @"\frac{$1}{$2}"),
        (R(@"\\sqrt\s?(\d)"), @"\sqrt{$1}"),
    ];

    public static string Clean(string latex)
    {
        var s = latex.Trim();
        if (s.Length == 0 || s.Length > MaxLength) return s;
        try
        {
            s = s.Replace(@"\mathrm{T}", "T", StringComparison.Ordinal).Replace(@"\mathrm{d}", "d", StringComparison.Ordinal)
                .Replace(@"\lbrace", @"\{", StringComparison.Ordinal).Replace(@"\rbrace", @"\}", StringComparison.Ordinal)
                .Replace(@"\langle", "(", StringComparison.Ordinal).Replace(@"\rangle", ")", StringComparison.Ordinal)
                .Replace(@"\dfrac", @"\frac", StringComparison.Ordinal);
            // Doubled backslashes (an escaped string pasted as is) first, so "\\left(" loses its \left too.
            if (!s.Contains("matrix", StringComparison.Ordinal)) s = DoubledBackslash.Replace(s, @"\");
            s = LeftRight.Replace(s, "");
            s = ThinSpaceThousands.Replace(s, "");
            s = Removed.Replace(s, "");
            s = Replace.Replace(s, m => ReplacementOf[Replacements.First(r => m.Groups[r.Name].Success).Name]);
            s = s.Replace('\n', ' ').Replace('\t', ' ').Replace('\r', ' ');
            if (!s.Contains("matrix", StringComparison.Ordinal)) s = DoubledBackslash.Replace(s, @"\");

            var withoutText = TrailingText.Replace(s, "").Trim();
            if (withoutText.Length > 0 && withoutText != s && !withoutText.EndsWith('=')) s = withoutText;
            for (var round = 0; round < 2; round++)
            {
                var withoutUnit = TrailingUnit.Replace(s, "").Trim();
                if (withoutUnit.Length > 0 && withoutUnit != s) s = withoutUnit;
            }

            if (s.StartsWith('.')) s = "0" + s;
            if (s == "0.5") s = @"\frac{1}{2}";
            foreach (var (pattern, replacement) in Malformed) s = pattern.Replace(s, replacement);
            return s.Trim();
        }
        catch (RegexMatchTimeoutException)
        {
            return latex.Trim();
        }
    }
}
