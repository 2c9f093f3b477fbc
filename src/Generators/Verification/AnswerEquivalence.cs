using System.Text.RegularExpressions;
using Lineage.Generators.Numbers;
using Lineage.Generators.Verification.Expressions;

namespace Lineage.Generators.Verification;

/// <summary>
/// Decides whether two final answers mean the same thing by mapping each to a
/// canonical form and comparing the forms, so equivalence is transitive and
/// answers can be grouped by key.
///
/// What is recognised:
/// - numbers, decimals and fractions exactly (0.5 = \frac{1}{2} = 1/2; 3 = 3.0);
/// - polynomial-like expressions with +, -, ·, /, integer powers, \sqrt of numbers
///   and \pi, expanded and sorted (2x+1 = 1+2x; \frac{\sqrt{2}}{2} = \frac{1}{\sqrt{2}});
/// - tuples and intervals elementwise, keeping order and brackets ((1,2) ≠ (2,1), [1,2) ≠ [1,2]);
///   sets \{…\} and bare lists "1, 2" ignoring order and repeats;
/// - an equation as its two sides moved to one, up to a non-zero factor (y=2x+1 = 2x-y+1=0);
/// - a string of letters only ("Yes", "no solution") as a word, ignoring case; so a bare
///   product of letters is a word too ("xy" ≠ "yx", though "2xy" = "2yx");
/// - anything else as normalised text.
/// Not recognised: functions (\sin, \log), division by a sum, non-square roots,
/// numeric evaluation (\sqrt{2} is not 1.41421), percent against decimal (50\% ≠ 0.5).
/// </summary>
public static class AnswerEquivalence
{
    private static readonly Regex Words = new(@"^[a-zA-Z]+( [a-zA-Z]+)*$");

    public static bool AreEquivalent(string? a, string? b) =>
        CanonicalForm(a) is { } x && CanonicalForm(b) is { } y && x == y;

    /// <summary>A key that is equal for equivalent answers; null for a blank answer.</summary>
    public static string? CanonicalForm(string? answer)
    {
        var s = AnswerNormalizer.Normalize(answer);
        if (s.Length == 0) return null;
        // The parsers recurse per bracket: a runaway answer of 100k "(" must not overflow the stack.
        return s.Length > AnswerNormalizer.MaxStructuredLength ? "t:" + s : Canonical(s);
    }

    private static string Canonical(string s)
    {
        if (Structure(s) is { } structured) return structured;
        // Letters alone are read as a word, not a product of variables: "Yes" = "yes", but "xy" ≠ "yx".
        if (Words.IsMatch(s)) return "w:" + s.ToLowerInvariant();
        var sides = SplitTopLevel(s, '=');
        if (sides.Count == 2 && Equation(sides[0], sides[1]) is { } equation) return equation;
        if (ExpressionParser.TryParse(s) is { } value) return "v:" + value.CanonicalKey;
        return "t:" + s;
    }

    private static string? Structure(string s)
    {
        var (open, close) = Brackets(s);
        var inner = open is null ? s : s[open.Length..^close!.Length];
        var parts = SplitTopLevel(inner, ',');
        if (parts.Count < 2 || parts.Any(p => p.Length == 0)) return null;
        var keys = parts.Select(Canonical).ToList();
        return open switch
        {
            null => "list{" + string.Join(";", keys.Distinct().Order(StringComparer.Ordinal)) + "}",
            "\\{" => "set{" + string.Join(";", keys.Distinct().Order(StringComparer.Ordinal)) + "}",
            _ => open + string.Join(";", keys) + close,
        };
    }

    /// <summary>The outer bracket pair when it encloses the whole string: "(…)", "[…)", "\{…\}".</summary>
    private static (string? Open, string? Close) Brackets(string s)
    {
        string? open = s.StartsWith("\\{", StringComparison.Ordinal) ? "\\{" : s.Length > 0 && s[0] is '(' or '[' ? s[..1] : null;
        string? close = s.EndsWith("\\}", StringComparison.Ordinal) ? "\\}" : s.Length > 1 && s[^1] is ')' or ']' ? s[^1..] : null;
        if (open is null || close is null || (open == "\\{") != (close == "\\}")) return (null, null);
        // "(1)+(2)" starts and ends with brackets that are not a pair: the depth must not reach zero early.
        var depth = 0;
        for (var i = 0; i < s.Length; i++)
        {
            if (s[i] == '\\') { i++; if (i < s.Length && s[i] is '{') depth++; else if (i < s.Length && s[i] is '}') depth--; }
            else if (s[i] is '(' or '[' or '{') depth++;
            else if (s[i] is ')' or ']' or '}') depth--;
            if (depth == 0 && i < s.Length - 1) return (null, null);
        }
        return (open, close);
    }

    private static List<string> SplitTopLevel(string s, char separator)
    {
        var parts = new List<string>();
        var depth = 0;
        var start = 0;
        for (var i = 0; i < s.Length; i++)
        {
            var c = s[i];
            if (c == '\\' && i + 1 < s.Length && s[i + 1] is '{' or '}') { depth += s[i + 1] == '{' ? 1 : -1; i++; }
            else if (c is '(' or '[' or '{') depth++;
            else if (c is ')' or ']' or '}') depth--;
            else if (c == separator && depth == 0) { parts.Add(s[start..i]); start = i + 1; }
        }
        parts.Add(s[start..]);
        return parts;
    }

    /// <summary>lhs - rhs, scaled so its first term has coefficient 1: equal for equations with the same solutions set by a linear rewrite.</summary>
    private static string? Equation(string lhs, string rhs)
    {
        if (ExpressionParser.TryParse(lhs) is not { } left || ExpressionParser.TryParse(rhs) is not { } right) return null;
        var difference = left - right;
        if (difference.Terms.Count == 0) return "eq:0";
        var first = difference.Terms.MinBy(t => t.Key.Key, StringComparer.Ordinal);
        var scaled = difference * Polynomial.Constant(Rational.One / first.Value);
        return "eq:" + scaled.CanonicalKey;
    }
}
