using Lineage.Generators.Numbers;

namespace Lineage.Generators.Verification.Expressions;

/// <summary>
/// Recursive-descent parser from normalised LaTeX to a <see cref="Polynomial"/>.
/// It covers what final answers usually are: numbers, decimals, fractions, +-*/,
/// implicit multiplication, integer powers, square roots and pi. Anything else
/// (functions, inequalities, division by a sum) yields null and the caller falls
/// back to comparing text, rather than guessing.
/// </summary>
internal sealed class ExpressionParser
{
    private const int MaxPower = 64;
    private readonly IReadOnlyList<LatexToken> _tokens;
    private int _pos;

    private ExpressionParser(IReadOnlyList<LatexToken> tokens) => _tokens = tokens;

    public static Polynomial? TryParse(string normalised)
    {
        var tokens = LatexTokenizer.Tokenize(normalised);
        if (tokens.Count == 0) return null;
        var parser = new ExpressionParser(tokens);
        var result = parser.Expression();
        return parser._pos == tokens.Count ? result : null;
    }

    private LatexToken? Peek(int ahead = 0) => _pos + ahead < _tokens.Count ? _tokens[_pos + ahead] : null;

    private bool Accept(string text)
    {
        if (Peek()?.Text != text) return false;
        _pos++;
        return true;
    }

    private Polynomial? Expression()
    {
        var negate = false;
        if (Accept("-")) negate = true;
        else Accept("+");
        var result = Term();
        if (result is null) return null;
        if (negate) result = -result;
        while (Peek()?.Text is "+" or "-")
        {
            var minus = Peek()!.Text == "-";
            _pos++;
            var next = Term();
            if (next is null) return null;
            result = minus ? result - next : result + next;
        }
        return result;
    }

    private Polynomial? Term()
    {
        var result = MixedNumber() ?? Factor();
        while (result is not null)
        {
            var next = Peek();
            if (next is null) break;
            if (next.Text is "\\cdot" or "\\times" or "*")
            {
                _pos++;
                result = Factor() is { } f ? result * f : null;
            }
            else if (next.Text is "/" or "\\div")
            {
                _pos++;
                result = Factor() is { } f ? result.DivideBy(f) : null;
            }
            else if (StartsFactor(next))
            {
                result = Factor() is { } f ? result * f : null;
            }
            else break;
        }
        return result;
    }

    private static bool StartsFactor(LatexToken t) =>
        t.Kind is TokenKind.Number or TokenKind.Letter
        || t.Text is "(" or "{" or "\\frac" or "\\sqrt" or "\\pi";

    /// <summary>"2\frac{1}{2}" is read as two and a half, the way answers write it, not as 2·1/2.</summary>
    private Polynomial? MixedNumber()
    {
        if (Peek() is not { Kind: TokenKind.Number } whole || whole.Text.Contains('.')) return null;
        if (Peek(1)?.Text != "\\frac" || Peek(2)?.Text != "{" || Peek(3) is not { Kind: TokenKind.Number } num
            || Peek(4)?.Text != "}" || Peek(5)?.Text != "{" || Peek(6) is not { Kind: TokenKind.Number } den || Peek(7)?.Text != "}")
            return null;
        var (w, n, d) = (Rational.TryParse(whole.Text), Rational.TryParse(num.Text), Rational.TryParse(den.Text));
        if (w is null || n is null || d is null || d.IsZero || !n.IsInteger || !d.IsInteger || !(n < d)) return null;
        _pos += 8;
        return Polynomial.Constant(w + n / d);
    }

    private Polynomial? Factor()
    {
        if (Accept("-")) return Factor() is { } negated ? -negated : null;
        if (Accept("+")) return Factor();
        var basis = Primary();
        if (basis is null || !Accept("^")) return basis;
        var negative = Accept("-");
        var exponent = Primary();
        if (exponent is null || !exponent.IsConstant) return null;
        var e = negative ? -exponent.ConstantValue : exponent.ConstantValue;
        if (e == Rational.Of(1, 2) && basis.IsConstant) return Polynomial.SquareRoot(basis.ConstantValue);
        if (!e.IsInteger || System.Numerics.BigInteger.Abs(e.Numerator) > MaxPower) return null;
        // Expanding a large power of a sum explodes; answers do not need it.
        if (basis.Terms.Count > 1 && System.Numerics.BigInteger.Abs(e.Numerator) > 12) return null;
        return basis.Pow((int)e.Numerator);
    }

    private Polynomial? Primary()
    {
        var t = Peek();
        if (t is null) return null;
        _pos++;
        switch (t.Kind)
        {
            case TokenKind.Number:
                return Rational.TryParse(t.Text) is { } value ? Polynomial.Constant(value) : null;
            case TokenKind.Letter:
                return Polynomial.Variable(t.Text);
        }
        switch (t.Text)
        {
            case "\\pi":
                return Polynomial.Variable("\\pi");
            case "(":
                return Enclosed(")");
            case "{":
                return Enclosed("}");
            case "\\frac":
            {
                var top = Primary();
                var bottom = top is null ? null : Primary();
                return top is null || bottom is null ? null : top.DivideBy(bottom);
            }
            case "\\sqrt":
            {
                if (Peek()?.Text == "[")
                {
                    // Only the square root has a canonical form here: \sqrt[2]{x} is accepted, other indices are not.
                    if (Peek(1)?.Text != "2" || Peek(2)?.Text != "]") return null;
                    _pos += 3;
                }
                var radicand = Primary();
                return radicand is { IsConstant: true } ? Polynomial.SquareRoot(radicand.ConstantValue) : null;
            }
            default:
                return null;
        }
    }

    private Polynomial? Enclosed(string close)
    {
        var inner = Expression();
        return inner is not null && Accept(close) ? inner : null;
    }
}
