using System.Globalization;
using System.Numerics;
using Lineage.Generators.Numbers;

namespace Lineage.Generators.Procedural;

/// <summary>
/// Culture-invariant LaTeX formatting. Every number in a problem goes through
/// here because string interpolation uses the current culture, and some cultures
/// print a minus sign that is not ASCII '-': output must not depend on the machine.
/// </summary>
internal static class Tex
{
    public static string N(long value) => value.ToString(CultureInfo.InvariantCulture);
    public static string N(BigInteger value) => value.ToString(CultureInfo.InvariantCulture);
    public static string N(Rational value) => value.ToLatex();

    /// <summary>A value in parentheses when negative, for substitutions like 3 \cdot (-2).</summary>
    public static string P(long value) => value < 0 ? $"({N(value)})" : N(value);
    public static string P(Rational value) => value.Sign < 0 ? $"\\left({N(value)}\\right)" : N(value);

    /// <summary>" + 5" or " - 5": a term continuing a sum.</summary>
    public static string Then(long value) => value < 0 ? $" - {N(-value)}" : $" + {N(value)}";

    /// <summary>Leading monomial: "3x", "-x", "x", "0".</summary>
    public static string Term(long coefficient, string variable) => coefficient switch
    {
        0 => "0",
        1 => variable,
        -1 => "-" + variable,
        _ => N(coefficient) + variable,
    };

    /// <summary>A monomial continuing a sum: " + 3x", " - x".</summary>
    public static string ThenTerm(long coefficient, string variable) => coefficient switch
    {
        1 => " + " + variable,
        -1 => " - " + variable,
        < 0 => $" - {N(-coefficient)}{variable}",
        _ => $" + {N(coefficient)}{variable}",
    };

    /// <summary>"ax + b" with zero parts left out: "3x - 5", "-x", "7".</summary>
    public static string Linear(long coefficient, string variable, long constant)
    {
        if (coefficient == 0) return N(constant);
        var head = Term(coefficient, variable);
        return constant == 0 ? head : head + Then(constant);
    }

    /// <summary>A rational multiple of pi: "\pi", "12\pi", "-\pi", "\frac{25\pi}{2}", "\frac{\pi}{4}".</summary>
    public static string Pi(Rational multiple)
    {
        if (multiple.IsZero) return "0";
        var sign = multiple.Sign < 0 ? "-" : "";
        var n = BigInteger.Abs(multiple.Numerator);
        var top = n.IsOne ? "\\pi" : N(n) + "\\pi";
        return multiple.IsInteger ? sign + top : $"{sign}\\frac{{{top}}}{{{N(multiple.Denominator)}}}";
    }

    /// <summary>The simplified form of sqrt(n): "5\sqrt{2}", "\sqrt{13}", "7".</summary>
    public static string Sqrt(long n)
    {
        var (outside, inside) = IntMath.SplitSquare(n);
        if (inside == 1) return N(outside);
        return outside == 1 ? $"\\sqrt{{{N(inside)}}}" : $"{N(outside)}\\sqrt{{{N(inside)}}}";
    }

    /// <summary>A polynomial from coefficients, highest degree first: [2, 0, -1] in x is "2x^2 - 1".</summary>
    public static string Polynomial(IReadOnlyList<long> coefficients, string variable)
    {
        var text = "";
        for (var i = 0; i < coefficients.Count; i++)
        {
            var c = coefficients[i];
            if (c == 0) continue;
            var degree = coefficients.Count - 1 - i;
            var power = degree switch { 0 => "", 1 => variable, _ => $"{variable}^{N(degree)}" };
            text += degree == 0
                ? (text.Length == 0 ? N(c) : Then(c))
                : (text.Length == 0 ? Term(c, power) : ThenTerm(c, power));
        }
        return text.Length == 0 ? "0" : text;
    }

    /// <summary>"2^3 \cdot 3 \cdot 5" for 120.</summary>
    public static string Factorization(long n) => n == 1
        ? "1"
        : string.Join(" \\cdot ", IntMath.Factorize(n).Select(f => f.Exponent == 1 ? N(f.Prime) : $"{N(f.Prime)}^{{{N(f.Exponent)}}}"));
}
