using System.Numerics;
using Lineage.Generators.Numbers;

namespace Lineage.Generators.Verification.Grading;

/// <summary>
/// Evaluates answers: exactly over the rationals where the expression is rational
/// arithmetic, and in doubles otherwise, with variables bound to sample values. Equality
/// of two expressions is then decided at several sample points (see <see cref="MathComparer"/>),
/// which stands in for sympy's simplify(a − b) == 0.
/// </summary>
internal static class Evaluator
{
    private const int MaxExactPower = 256;

    /// <summary>The exact value of rational arithmetic (no symbols, roots or functions); null otherwise.</summary>
    public static Rational? Exact(MathNode n)
    {
        switch (n)
        {
            case Num x: return x.Value;
            case Neg g: return Exact(g.Operand) is { } negated ? -negated : null;
            case Percent p: return Exact(p.Operand) is { } percent ? percent / Rational.Of(100) : null;
            case Add a:
            {
                var sum = Rational.Zero;
                foreach (var t in a.Terms)
                {
                    if (Exact(t) is not { } v) return null;
                    sum += v;
                }
                return sum;
            }
            case Mul m:
            {
                var product = Rational.One;
                foreach (var f in m.Factors)
                {
                    if (Exact(f) is not { } v) return null;
                    product *= v;
                }
                return product;
            }
            case Div d:
                return Exact(d.Numerator) is { } top && Exact(d.Denominator) is { IsZero: false } bottom ? top / bottom : null;
            case Pow p:
                if (Exact(p.Base) is not { } b || Exact(p.Exponent) is not { IsInteger: true } e) return null;
                if (BigInteger.Abs(e.Numerator) > MaxExactPower || (b.IsZero && e.Sign < 0)) return null;
                if (BigInteger.Abs(b.Numerator) > 1_000_000 && BigInteger.Abs(e.Numerator) > 16) return null;
                return b.Pow((int)e.Numerator);
            default:
                return null;
        }
    }

    /// <summary>The value of a constant expression (no symbols); null when it has symbols or is undefined.</summary>
    public static double? Real(MathNode n)
    {
        var symbols = new HashSet<string>(StringComparer.Ordinal);
        MathNodes.FreeSymbols(n, symbols);
        if (symbols.Count > 0) return null;
        var v = Eval(n, _ => double.NaN);
        return double.IsNaN(v) ? null : v;
    }

    public static double Eval(MathNode n, Func<string, double> symbol)
    {
        switch (n)
        {
            case Num x: return (double)x.Value.Numerator / (double)x.Value.Denominator is var q && double.IsFinite(q) ? q : Ratio(x.Value);
            case Sym s: return symbol(s.Name);
            case Const c: return c.Name switch { "pi" => Math.PI, "e" => Math.E, "inf" => double.PositiveInfinity, _ => double.NaN };
            case Neg g: return -Eval(g.Operand, symbol);
            case Percent p: return Eval(p.Operand, symbol) / 100;
            case Add a:
            {
                var sum = 0.0;
                foreach (var t in a.Terms) sum += Eval(t, symbol);
                return sum;
            }
            case Mul m:
            {
                var product = 1.0;
                foreach (var f in m.Factors) product *= Eval(f, symbol);
                return product;
            }
            case Div d:
            {
                var bottom = Eval(d.Denominator, symbol);
                return bottom == 0 ? double.NaN : Eval(d.Numerator, symbol) / bottom;
            }
            case Pow p:
            {
                var b = Eval(p.Base, symbol);
                var e = Eval(p.Exponent, symbol);
                // A negative base to a fractional power is complex; odd roots stay real (∛−8 = −2).
                if (b < 0 && Math.Abs(e - Math.Round(e)) > 1e-12)
                {
                    var inverse = 1 / e;
                    return Math.Abs(inverse - Math.Round(inverse)) < 1e-9 && ((long)Math.Round(inverse) & 1) == 1 ? -Math.Pow(-b, e) : double.NaN;
                }
                return Math.Pow(b, e);
            }
            case Func f: return Function(f, symbol);
            default: return double.NaN;
        }
    }

    private static double Ratio(Rational r)
    {
        // Numerator or denominator beyond double range: scale both down first.
        var shift = Math.Max(0, (int)Math.Max(r.Numerator.GetBitLength(), r.Denominator.GetBitLength()) - 1000);
        return (double)(r.Numerator >> shift) / (double)(r.Denominator >> shift);
    }

    private static double Function(Func f, Func<string, double> symbol)
    {
        if (f.Name is "sum" or "prod") return Opaque(MathKey.Of(f), []);
        if (f.Name == "det") return f.Args[0] is Matrix m ? Determinant(m, symbol) : double.NaN;
        var args = f.Args.Select(a => Eval(a, symbol)).ToArray();
        var x = args.Length > 0 ? args[0] : double.NaN;
        return f.Name switch
        {
            "sqrt" => x < 0 ? double.NaN : Math.Sqrt(x),
            "root" => Root(args[1], args[0]),
            "sin" => Math.Sin(x), "cos" => Math.Cos(x), "tan" => Math.Tan(x),
            "sec" => 1 / Math.Cos(x), "csc" => 1 / Math.Sin(x), "cot" => 1 / Math.Tan(x),
            "arcsin" => Math.Asin(x), "arccos" => Math.Acos(x), "arctan" => Math.Atan(x),
            "arcsec" => Math.Acos(1 / x), "arccsc" => Math.Asin(1 / x), "arccot" => Math.Atan(1 / x),
            "sinh" => Math.Sinh(x), "cosh" => Math.Cosh(x), "tanh" => Math.Tanh(x),
            "coth" => 1 / Math.Tanh(x), "sech" => 1 / Math.Cosh(x), "csch" => 1 / Math.Sinh(x),
            "ln" or "log" => x <= 0 ? double.NaN : Math.Log(x),
            "logb" => args[1] <= 0 || args[0] <= 0 || args[0] == 1 ? double.NaN : Math.Log(args[1]) / Math.Log(args[0]),
            "exp" => Math.Exp(x),
            "abs" => Math.Abs(x),
            "floor" => Math.Floor(x), "ceil" => Math.Ceiling(x),
            "sgn" => Math.Sign(x),
            "max" => args.Length == 0 ? double.NaN : args.Max(),
            "min" => args.Length == 0 ? double.NaN : args.Min(),
            "factorial" => Factorial(x),
            "binom" => Binomial(args[0], args[1]),
            "gcd" => IntegerFold(args, Gcd),
            "lcm" => IntegerFold(args, (a, b) => a / Gcd(a, b) * b),
            // Anything else (f(x), a'): a fixed pseudo-random function of its name and arguments,
            // so f(x) = f(x) but f(x) ≠ f(y).
            _ => Opaque(f.Name, args),
        };
    }

    private static double Root(double x, double index)
    {
        if (index == 0) return double.NaN;
        if (x >= 0) return Math.Pow(x, 1 / index);
        return Math.Abs(index % 2) == 1 ? -Math.Pow(-x, 1 / index) : double.NaN;
    }

    private static double Factorial(double x)
    {
        if (x < 0 || Math.Abs(x - Math.Round(x)) > 1e-9 || x > 170) return double.NaN;
        var r = 1.0;
        for (var k = 2; k <= (int)Math.Round(x); k++) r *= k;
        return r;
    }

    private static double Binomial(double n, double k)
    {
        if (Math.Abs(k - Math.Round(k)) > 1e-9 || k < 0) return double.NaN;
        var r = 1.0;
        for (var i = 0; i < (int)Math.Round(k); i++) r = r * (n - i) / (i + 1);
        return r;
    }

    private static double Gcd(double a, double b)
    {
        a = Math.Abs(Math.Round(a));
        b = Math.Abs(Math.Round(b));
        while (b > 0) (a, b) = (b, a % b);
        return a;
    }

    private static double IntegerFold(double[] args, Func<double, double, double> op) =>
        args.Length == 0 || args.Any(a => Math.Abs(a - Math.Round(a)) > 1e-9) ? double.NaN : args.Skip(1).Aggregate(args[0], op);

    private static double Opaque(string name, double[] args)
    {
        var h = 17.0 + name.Aggregate(0, (acc, ch) => unchecked(acc * 31 + ch)) % 1000 / 7.0;
        foreach (var a in args) h = Math.Sin(h * 12.9898 + a * 78.233) * 43758.5453 % 1 + h;
        return h;
    }

    private static double Determinant(Matrix m, Func<string, double> symbol)
    {
        if (m.RowCount != m.ColumnCount) return double.NaN;
        var n = m.RowCount;
        var a = new double[n, n];
        for (var i = 0; i < n; i++)
        for (var j = 0; j < n; j++)
            a[i, j] = Eval(m.Rows[i][j], symbol);
        var det = 1.0;
        for (var c = 0; c < n; c++)
        {
            var pivot = c;
            for (var r = c + 1; r < n; r++) if (Math.Abs(a[r, c]) > Math.Abs(a[pivot, c])) pivot = r;
            if (a[pivot, c] == 0) return 0;
            if (pivot != c) { for (var k = 0; k < n; k++) (a[c, k], a[pivot, k]) = (a[pivot, k], a[c, k]); det = -det; }
            det *= a[c, c];
            for (var r = c + 1; r < n; r++)
            {
                var factor = a[r, c] / a[c, c];
                for (var k = c; k < n; k++) a[r, k] -= factor * a[c, k];
            }
        }
        return det;
    }
}
