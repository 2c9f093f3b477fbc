using System.Collections.Immutable;
using System.Numerics;
using Lineage.Generators.Numbers;

namespace Lineage.Generators.Verification.Expressions;

/// <summary>
/// A sum of rational multiples of monomials (Laurent polynomials over Q with
/// atoms for variables, pi and square roots). Two expressions that expand to the
/// same terms get the same <see cref="CanonicalKey"/>: this is what makes
/// "2x+1" and "1+2x", or "\frac{\sqrt{2}}{2}" and "\frac{1}{\sqrt{2}}", equal.
/// </summary>
internal sealed class Polynomial
{
    private const string RootPrefix = "√";

    public ImmutableDictionary<Monomial, Rational> Terms { get; }

    private Polynomial(ImmutableDictionary<Monomial, Rational> terms) => Terms = terms;

    public static Polynomial Zero { get; } = new(ImmutableDictionary<Monomial, Rational>.Empty);

    public static Polynomial Constant(Rational value) => Zero.Add(Monomial.One, value);

    public static Polynomial Variable(string name) => Zero.Add(Monomial.Atom(name), Rational.One);

    /// <summary>sqrt of a non-negative rational, simplified: sqrt(8/9) = (2/3)·√2.</summary>
    public static Polynomial? SquareRoot(Rational value)
    {
        if (value.Sign < 0) return null;
        if (value.IsZero) return Zero;
        // sqrt(p/q) = sqrt(p·q) / q, so only integer radicands are needed.
        var radicand = value.Numerator * value.Denominator;
        var (outside, inside) = SplitSquare(radicand);
        if (outside is null) return null;
        var coefficient = Rational.Of(outside.Value, value.Denominator);
        return inside.IsOne
            ? Constant(coefficient)
            : Zero.Add(Monomial.Atom(RootPrefix + inside.ToString(System.Globalization.CultureInfo.InvariantCulture)), coefficient);
    }

    public bool IsConstant => Terms.Count == 0 || (Terms.Count == 1 && Terms.ContainsKey(Monomial.One));

    public Rational ConstantValue => Terms.GetValueOrDefault(Monomial.One) ?? Rational.Zero;

    public bool IsSingleTerm => Terms.Count == 1;

    private Polynomial Add(Monomial monomial, Rational coefficient)
    {
        var (normalised, factor) = Normalise(monomial);
        var sum = (Terms.GetValueOrDefault(normalised) ?? Rational.Zero) + coefficient * factor;
        return new Polynomial(sum.IsZero ? Terms.Remove(normalised) : Terms.SetItem(normalised, sum));
    }

    public static Polynomial operator +(Polynomial a, Polynomial b) =>
        b.Terms.Aggregate(a, (acc, t) => acc.Add(t.Key, t.Value));

    public static Polynomial operator -(Polynomial a) =>
        new(a.Terms.ToImmutableDictionary(t => t.Key, t => -t.Value));

    public static Polynomial operator -(Polynomial a, Polynomial b) => a + -b;

    public static Polynomial operator *(Polynomial a, Polynomial b)
    {
        var result = Zero;
        foreach (var x in a.Terms)
        foreach (var y in b.Terms)
            result = result.Add(x.Key.Times(y.Key), x.Value * y.Value);
        return result;
    }

    /// <summary>Division is exact only by a single term (a monomial times a constant); null otherwise.</summary>
    public Polynomial? DivideBy(Polynomial divisor)
    {
        if (!divisor.IsSingleTerm) return null;
        var (monomial, coefficient) = divisor.Terms.Single();
        var inverse = Zero.Add(monomial.Pow(-1), Rational.One / coefficient);
        return this * inverse;
    }

    /// <summary>Integer powers; negative ones only of a single term.</summary>
    public Polynomial? Pow(int exponent)
    {
        if (exponent < 0)
        {
            var reciprocal = Constant(Rational.One).DivideBy(this);
            return reciprocal?.Pow(-exponent);
        }
        var result = Constant(Rational.One);
        for (var i = 0; i < exponent; i++) result *= this;
        return result;
    }

    /// <summary>
    /// Reduces square-root atoms: √a^2 = a, and √a·√b = √(ab) simplified, so that
    /// every monomial holds at most one root atom with exponent 1.
    /// </summary>
    private static (Monomial Monomial, Rational Factor) Normalise(Monomial monomial)
    {
        var roots = monomial.Powers.Where(p => p.Key.StartsWith(RootPrefix, StringComparison.Ordinal)).ToList();
        if (roots.Count == 0) return (monomial, Rational.One);
        var factor = Rational.One;
        BigInteger product = 1;
        var rest = monomial;
        foreach (var (atom, exponent) in roots)
        {
            rest = rest.Times(atom, -exponent);
            var radicand = BigInteger.Parse(atom[RootPrefix.Length..], System.Globalization.CultureInfo.InvariantCulture);
            var half = (int)Math.Floor(exponent / 2.0);
            factor *= Rational.Of(radicand).Pow(half);
            if (exponent - 2 * half == 1) product *= radicand;
        }
        var (outside, inside) = SplitSquare(product);
        factor *= Rational.Of(outside ?? 1);
        return inside.IsOne ? (rest, factor) : (rest.Times(RootPrefix + inside.ToString(System.Globalization.CultureInfo.InvariantCulture), 1), factor);
    }

    /// <summary>n = outside²·inside with inside square-free; outside is null when n is too large to factor quickly.</summary>
    private static (BigInteger? Outside, BigInteger Inside) SplitSquare(BigInteger n)
    {
        if (n > 10_000_000_000) return (null, n);
        BigInteger outside = 1, inside = 1;
        for (BigInteger p = 2; p * p <= n; p++)
        {
            while (n % (p * p) == 0) { n /= p * p; outside *= p; }
            if (n % p == 0) { n /= p; inside *= p; }
        }
        return (outside, inside * n);
    }

    /// <summary>Terms sorted by monomial key, each as "coefficient·monomial".</summary>
    public string CanonicalKey => Terms.Count == 0
        ? "0"
        : string.Join(" + ", Terms.OrderBy(t => t.Key.Key, StringComparer.Ordinal).Select(t => $"{t.Value}·{t.Key.Key}"));
}
