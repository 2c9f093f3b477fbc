using System.Globalization;
using System.Text;
using Lineage.Generators.Numbers;

namespace Lineage.Generators.Verification.Grading;

/// <summary>
/// A parsed answer: numbers, symbols, arithmetic, functions, relations, sets, tuples,
/// intervals and matrices. Nodes keep the order they were written in (a product of letters
/// "odd" stays o·d·d, as the word comparison needs); <see cref="MathKey"/> gives the
/// order-free structural key.
/// </summary>
internal abstract record MathNode;

/// <summary>A literal number; IsFloat when it was written with a decimal point (compared after rounding).</summary>
internal sealed record Num(Rational Value, bool IsFloat) : MathNode
{
    public static Num Int(long value) => new(Rational.Of(value), false);
}

/// <summary>A variable (lowercased, subscript included: "a_{37}") or a word from \text{…} ("evelyn").</summary>
internal sealed record Sym(string Name, bool IsWord = false) : MathNode;

/// <summary>π, e, ∞ and the imaginary unit.</summary>
internal sealed record Const(string Name) : MathNode;

internal sealed record Add(IReadOnlyList<MathNode> Terms) : MathNode;

internal sealed record Mul(IReadOnlyList<MathNode> Factors) : MathNode;

internal sealed record Div(MathNode Numerator, MathNode Denominator) : MathNode;

internal sealed record Neg(MathNode Operand) : MathNode;

internal sealed record Pow(MathNode Base, MathNode Exponent) : MathNode;

/// <summary>x% is x/100 (math-verify's reading), kept apart so "pct of a number" can be recognised.</summary>
internal sealed record Percent(MathNode Operand) : MathNode;

/// <summary>a ± b (Left null for a unary ±); expanded into a set of answers before comparison.</summary>
internal sealed record PlusMinus(MathNode? Left, MathNode Right) : MathNode;

/// <summary>A named function: sin, sqrt, root (index first), log (base first), abs, factorial, or an opaque one.</summary>
internal sealed record Func(string Name, IReadOnlyList<MathNode> Args) : MathNode;

/// <summary>A relation "L op R" with op one of = &lt; &lt;= &gt; &gt;= !=.</summary>
internal sealed record Rel(string Op, MathNode Left, MathNode Right) : MathNode;

/// <summary>A chain a &lt; b &lt; c, read as the relations in order.</summary>
internal sealed record RelChain(IReadOnlyList<Rel> Relations) : MathNode;

/// <summary>A finite set (or a bare list "1, 2"); Elements in written order.</summary>
internal sealed record SetOf(IReadOnlyList<MathNode> Elements) : MathNode;

internal sealed record TupleOf(IReadOnlyList<MathNode> Elements) : MathNode;

internal sealed record Interval(MathNode Low, MathNode High, bool LowOpen, bool HighOpen) : MathNode;

internal sealed record Union(IReadOnlyList<MathNode> Parts) : MathNode;

internal sealed record Matrix(IReadOnlyList<IReadOnlyList<MathNode>> Rows) : MathNode
{
    public int RowCount => Rows.Count;
    public int ColumnCount => Rows.Count == 0 ? 0 : Rows[0].Count;
}

internal static class MathNodes
{
    public static bool IsRelation(MathNode n) => n is Rel or RelChain;

    public static bool IsEquation(MathNode n) =>
        n is Rel { Op: "=" } || (n is RelChain c && c.Relations.All(r => r.Op == "="));

    public static bool IsSetLike(MathNode n) => n is SetOf or TupleOf or Interval or Union;

    public static Rel First(MathNode n) => n is RelChain c ? c.Relations[0] : (Rel)n;
    public static Rel Last(MathNode n) => n is RelChain c ? c.Relations[^1] : (Rel)n;

    /// <summary>"x = 1", "(p, q) = …", "|AB| = …", "A:B = …": the left side names things rather than computing.</summary>
    public static bool IsAssignment(MathNode n) => IsEquation(n) && OnlySymbols(First(n).Left);

    public static bool OnlySymbols(MathNode n) => n switch
    {
        Sym => true,
        Mul m => m.Factors.All(OnlySymbols),
        Div d => OnlySymbols(d.Numerator) && OnlySymbols(d.Denominator),
        Pow p => OnlySymbols(p.Base) && (p.Exponent is Num || OnlySymbols(p.Exponent)),
        TupleOf t => t.Elements.All(OnlySymbols),
        Func { Name: "abs" } f => f.Args.All(OnlySymbols),
        Func { Name: var name } f when name.StartsWith("fn:", StringComparison.Ordinal) => f.Args.All(a => OnlySymbols(a) || a is Num),
        _ => false,
    };

    public static MathNode Minus(MathNode a, MathNode b) => new Add([a, new Neg(b)]);

    public static IEnumerable<MathNode> Children(MathNode n) => n switch
    {
        Add a => a.Terms,
        Mul m => m.Factors,
        Div d => [d.Numerator, d.Denominator],
        Neg g => [g.Operand],
        Pow p => [p.Base, p.Exponent],
        Percent p => [p.Operand],
        PlusMinus pm => pm.Left is null ? [pm.Right] : [pm.Left, pm.Right],
        Func f => f.Args,
        Rel r => [r.Left, r.Right],
        RelChain c => c.Relations,
        SetOf s => s.Elements,
        TupleOf t => t.Elements,
        Interval i => [i.Low, i.High],
        Union u => u.Parts,
        Matrix m => m.Rows.SelectMany(r => r),
        _ => [],
    };

    public static void FreeSymbols(MathNode n, ISet<string> into)
    {
        if (n is Sym s) into.Add(s.Name);
        foreach (var c in Children(n)) FreeSymbols(c, into);
    }

    public static bool Contains<T>(MathNode n) where T : MathNode =>
        n is T || Children(n).Any(Contains<T>);
}

/// <summary>
/// A structural key, equal for nodes that differ only in the order of commutative
/// arguments: sympy's "str" comparison, the first and cheapest test math-verify makes.
/// </summary>
internal static class MathKey
{
    public static string Of(MathNode n)
    {
        var sb = new StringBuilder();
        Write(n, sb);
        return sb.ToString();
    }

    private static void Write(MathNode n, StringBuilder sb)
    {
        switch (n)
        {
            case Num x: sb.Append(x.Value.ToString()); if (x.IsFloat) sb.Append('f'); break;
            case Sym s: sb.Append('$').Append(s.Name); break;
            case Const c: sb.Append('#').Append(c.Name); break;
            case Add a: Group(sb, "+", a.Terms.Select(Of).Order(StringComparer.Ordinal)); break;
            case Mul m: Group(sb, "*", m.Factors.Select(Of).Order(StringComparer.Ordinal)); break;
            case Div d: Group(sb, "/", [Of(d.Numerator), Of(d.Denominator)]); break;
            case Neg g: Group(sb, "neg", [Of(g.Operand)]); break;
            case Pow p: Group(sb, "^", [Of(p.Base), Of(p.Exponent)]); break;
            case Percent p: Group(sb, "%", [Of(p.Operand)]); break;
            case PlusMinus pm: Group(sb, "pm", pm.Left is null ? [Of(pm.Right)] : [Of(pm.Left), Of(pm.Right)]); break;
            case Func f: Group(sb, f.Name, f.Args.Select(Of)); break;
            case Rel r: Group(sb, r.Op, [Of(r.Left), Of(r.Right)]); break;
            case RelChain c: Group(sb, "chain", c.Relations.Select(Of)); break;
            case SetOf s: Group(sb, "set", s.Elements.Select(Of).Distinct().Order(StringComparer.Ordinal)); break;
            case TupleOf t: Group(sb, "tuple", t.Elements.Select(Of)); break;
            case Interval i: Group(sb, (i.LowOpen ? "(" : "[") + (i.HighOpen ? ")" : "]"), [Of(i.Low), Of(i.High)]); break;
            case Union u: Group(sb, "cup", u.Parts.Select(Of).Order(StringComparer.Ordinal)); break;
            case Matrix m: Group(sb, "mat" + m.ColumnCount.ToString(CultureInfo.InvariantCulture), m.Rows.SelectMany(r => r).Select(Of)); break;
            default: sb.Append('?'); break;
        }
    }

    private static void Group(StringBuilder sb, string head, IEnumerable<string> parts)
    {
        sb.Append(head).Append('(');
        var first = true;
        foreach (var p in parts)
        {
            if (!first) sb.Append(',');
            sb.Append(p);
            first = false;
        }
        sb.Append(')');
    }
}
