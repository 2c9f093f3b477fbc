using System.Globalization;
using System.Numerics;

namespace Lineage.Generators.Numbers;

/// <summary>
/// An exact rational number, always stored reduced with a positive denominator,
/// so record equality is mathematical equality. Answers are compared with this
/// type rather than doubles because 1/3 and 0.3333 must not be "equal".
/// </summary>
public sealed record Rational : IComparable<Rational>
{
    public BigInteger Numerator { get; }
    public BigInteger Denominator { get; }

    private Rational(BigInteger numerator, BigInteger denominator)
    {
        Numerator = numerator;
        Denominator = denominator;
    }

    public static Rational Zero { get; } = new(0, 1);
    public static Rational One { get; } = new(1, 1);

    public static Rational Of(BigInteger numerator, BigInteger denominator)
    {
        if (denominator.IsZero) throw new DivideByZeroException("A rational needs a non-zero denominator.");
        if (denominator.Sign < 0) { numerator = -numerator; denominator = -denominator; }
        var g = BigInteger.GreatestCommonDivisor(numerator, denominator);
        return g.IsOne || g.IsZero ? new Rational(numerator, denominator) : new Rational(numerator / g, denominator / g);
    }

    public static Rational Of(BigInteger integer) => new(integer, 1);

    public static implicit operator Rational(long value) => Of(value);

    public bool IsInteger => Denominator.IsOne;
    public bool IsZero => Numerator.IsZero;
    public int Sign => Numerator.Sign;

    public static Rational operator +(Rational a, Rational b) =>
        Of(a.Numerator * b.Denominator + b.Numerator * a.Denominator, a.Denominator * b.Denominator);
    public static Rational operator -(Rational a, Rational b) =>
        Of(a.Numerator * b.Denominator - b.Numerator * a.Denominator, a.Denominator * b.Denominator);
    public static Rational operator -(Rational a) => new(-a.Numerator, a.Denominator);
    public static Rational operator *(Rational a, Rational b) =>
        Of(a.Numerator * b.Numerator, a.Denominator * b.Denominator);
    public static Rational operator /(Rational a, Rational b) =>
        Of(a.Numerator * b.Denominator, a.Denominator * b.Numerator);

    public static bool operator <(Rational a, Rational b) => a.CompareTo(b) < 0;
    public static bool operator >(Rational a, Rational b) => a.CompareTo(b) > 0;

    public int CompareTo(Rational? other) =>
        other is null ? 1 : (Numerator * other.Denominator).CompareTo(other.Numerator * Denominator);

    /// <summary>Integer powers, negative ones included (x^-n = 1/x^n).</summary>
    public Rational Pow(int exponent) => exponent >= 0
        ? Of(BigInteger.Pow(Numerator, exponent), BigInteger.Pow(Denominator, exponent))
        : Of(BigInteger.Pow(Denominator, -exponent), BigInteger.Pow(Numerator, -exponent));

    /// <summary>
    /// Parses an integer, a decimal ("0.125", "-.5", "3.") or a plain fraction ("3/8")
    /// exactly; returns null for anything else (no exponents, no culture rules).
    /// </summary>
    public static Rational? TryParse(string text)
    {
        var s = text.Trim();
        var slash = s.IndexOf('/');
        if (slash >= 0)
        {
            var num = TryParseDecimal(s[..slash]);
            var den = TryParseDecimal(s[(slash + 1)..]);
            return num is null || den is null || den.IsZero ? null : num / den;
        }
        return TryParseDecimal(s);
    }

    private static Rational? TryParseDecimal(string s)
    {
        s = s.Trim();
        var negative = false;
        if (s.StartsWith('-') || s.StartsWith('+')) { negative = s[0] == '-'; s = s[1..]; }
        var dot = s.IndexOf('.');
        var whole = dot < 0 ? s : s[..dot];
        var fraction = dot < 0 ? "" : s[(dot + 1)..];
        if (whole.Length + fraction.Length == 0) return null;
        if (!whole.All(char.IsAsciiDigit) || !fraction.All(char.IsAsciiDigit)) return null;
        var digits = BigInteger.Parse("0" + whole + fraction, NumberStyles.None, CultureInfo.InvariantCulture);
        var value = Of(digits, BigInteger.Pow(10, fraction.Length));
        return negative ? -value : value;
    }

    /// <summary>Canonical LaTeX: "3", "-7", "\frac{3}{8}", "-\frac{3}{8}".</summary>
    public string ToLatex()
    {
        if (IsInteger) return Numerator.ToString(CultureInfo.InvariantCulture);
        var sign = Numerator.Sign < 0 ? "-" : "";
        var n = BigInteger.Abs(Numerator).ToString(CultureInfo.InvariantCulture);
        var d = Denominator.ToString(CultureInfo.InvariantCulture);
        return $"{sign}\\frac{{{n}}}{{{d}}}";
    }

    public override string ToString() => IsInteger
        ? Numerator.ToString(CultureInfo.InvariantCulture)
        : $"{Numerator.ToString(CultureInfo.InvariantCulture)}/{Denominator.ToString(CultureInfo.InvariantCulture)}";
}
