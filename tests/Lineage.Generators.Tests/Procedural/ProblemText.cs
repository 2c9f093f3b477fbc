using System.Text.RegularExpressions;

namespace Lineage.Generators.Tests.Procedural;

/// <summary>Pulls numbers back out of generated text so tests can re-derive answers on their own.</summary>
internal static class ProblemText
{
    public static long[] Integers(string text) =>
        Regex.Matches(text, @"-?\d+").Select(m => long.Parse(m.Value, System.Globalization.CultureInfo.InvariantCulture)).ToArray();

    public static Match Require(string text, string pattern)
    {
        var match = Regex.Match(text, pattern);
        Assert.True(match.Success, $"Pattern {pattern} did not match: {text}");
        return match;
    }

    public static long L(Match m, string group) => long.Parse(m.Groups[group].Value, System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Parses "3x - 5", "-x", "x + 4", "7" into (coefficient of v, constant).</summary>
    public static (long Coefficient, long Constant) LinearSide(string side, string v)
    {
        long coefficient = 0, constant = 0;
        foreach (Match term in Regex.Matches(side.Replace(" ", ""), @"[+-]?[^+-]+"))
        {
            var t = term.Value;
            if (t.EndsWith(v, StringComparison.Ordinal))
            {
                var c = t[..^v.Length];
                coefficient += c switch { "" or "+" => 1, "-" => -1, _ => long.Parse(c, System.Globalization.CultureInfo.InvariantCulture) };
            }
            else constant += long.Parse(t, System.Globalization.CultureInfo.InvariantCulture);
        }
        return (coefficient, constant);
    }

    /// <summary>An exact value for "7", "-3", "\frac{3}{8}", "-\frac{3}{8}" as (numerator, denominator).</summary>
    public static (System.Numerics.BigInteger Num, System.Numerics.BigInteger Den) Fraction(string answer)
    {
        var m = Regex.Match(answer, @"^(-?)\\frac\{(\d+)\}\{(\d+)\}$");
        if (m.Success)
        {
            var n = System.Numerics.BigInteger.Parse(m.Groups[2].Value);
            return (m.Groups[1].Value == "-" ? -n : n, System.Numerics.BigInteger.Parse(m.Groups[3].Value));
        }
        return (System.Numerics.BigInteger.Parse(answer, System.Globalization.CultureInfo.InvariantCulture), 1);
    }
}
