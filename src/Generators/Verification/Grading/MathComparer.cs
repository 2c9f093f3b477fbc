using Lineage.Generators.Numbers;

namespace Lineage.Generators.Verification.Grading;

/// <summary>
/// Decides whether a predicted answer matches the gold one, in the order and with the
/// asymmetries of math-verify's comparison (gold first):
/// assignments are truncated to their last value ("x = 5+5+1 = 11" is x = 11); a predicted
/// equation against a gold that is not one compares its right side ("x = 11" matches 11),
/// and a gold assignment against a predicted value compares its value ("k = 1" matches 1);
/// a gold inequality against a predicted interval is read as that interval; then structure,
/// relations (both sides, rearranged or flipped), sets/tuples/intervals, words, matrices,
/// and values: rounded to six decimals when either side is a written decimal, exactly when
/// both are numbers, and otherwise by evaluating at sample points.
/// </summary>
internal static class MathComparer
{
    public const int FloatRounding = 6;
    private const int MaxDepth = 40;

    public static bool Equal(MathNode gold, MathNode pred) => Equal(gold, pred, 0);

    private static bool Equal(MathNode gold, MathNode pred, int depth)
    {
        if (depth > MaxDepth) return false;
        var goldAssignment = MathNodes.IsAssignment(gold);
        var predAssignment = MathNodes.IsAssignment(pred);
        var goldEquation = MathNodes.IsEquation(gold);
        var predEquation = MathNodes.IsEquation(pred);
        if (goldAssignment) gold = new Rel("=", MathNodes.First(gold).Left, MathNodes.Last(gold).Right);
        if (predAssignment) pred = new Rel("=", MathNodes.First(pred).Left, MathNodes.Last(pred).Right);

        if (predEquation && !goldEquation) pred = MathNodes.Last(pred).Right;
        else if (goldAssignment && !predEquation) gold = MathNodes.Last(gold).Right;

        if (MathNodes.IsRelation(gold) && pred is SetOf or Interval or Union && RelationSets.AsSet(gold) is { } asSet) gold = asSet;

        if (MathKey.Of(gold) == MathKey.Of(pred)) return true;
        if (MathNodes.IsRelation(gold) && MathNodes.IsRelation(pred)) return Relations(gold, pred, depth);
        if (MathNodes.IsSetLike(gold) || MathNodes.IsSetLike(pred)) return Sets(gold, pred, depth);
        if (gold is Sym || pred is Sym) return Symbols(gold, pred);
        if (MatrixAlgebra.Reduce(gold) is { } gm && MatrixAlgebra.Reduce(pred) is { } pm)
            return gm.RowCount == pm.RowCount && gm.ColumnCount == pm.ColumnCount
                && gm.Rows.SelectMany(r => r).Zip(pm.Rows.SelectMany(r => r)).All(x => Equal(x.First, x.Second, depth + 1));
        if (MathNodes.IsRelation(gold) || MathNodes.IsRelation(pred) || gold is Matrix || pred is Matrix) return false;
        return Values(gold, pred);
    }

    // ---- relations ----

    private static readonly Dictionary<string, string> Inverse = new(StringComparer.Ordinal)
    {
        ["<"] = ">", [">"] = "<", ["<="] = ">=", [">="] = "<=", ["="] = "=",
    };

    private static bool Relations(MathNode gold, MathNode pred, int depth)
    {
        if (gold is RelChain gc && pred is RelChain pc)
            return gc.Relations.Count == pc.Relations.Count && gc.Relations.Zip(pc.Relations).All(x => Relation(x.First, x.Second, depth));
        return gold is Rel g && pred is Rel p && Relation(g, p, depth);
    }

    private static bool Relation(Rel g, Rel p, int depth)
    {
        var goldDifference = MathNodes.Minus(g.Left, g.Right);
        if (g.Op == p.Op && Equal(goldDifference, MathNodes.Minus(p.Left, p.Right), depth + 1)) return true;
        // math-verify has no mirror of ≠, so a ≠ that is not written the same way never matches.
        if (!Inverse.TryGetValue(g.Op, out var inverse)) return false;
        if (inverse == p.Op && Equal(goldDifference, MathNodes.Minus(p.Right, p.Left), depth + 1)) return true;
        // Solving both: the same solutions when one side is a constant multiple of the other
        // (2x + 4y − 3 = 0 and y = −x/2 + 3/4; x < 1 and −x > −1).
        var ratio = Sampling.ConstantRatio(goldDifference, MathNodes.Minus(p.Left, p.Right));
        if (ratio is not { } r || r == 0) return false;
        if (g.Op == "=") return p.Op == "=";
        if (!SingleVariable(goldDifference, p)) return false;
        return (g.Op == p.Op && r > 0) || (inverse == p.Op && r < 0);
    }

    private static bool SingleVariable(MathNode goldDifference, Rel p)
    {
        var a = new HashSet<string>(StringComparer.Ordinal);
        var b = new HashSet<string>(StringComparer.Ordinal);
        MathNodes.FreeSymbols(goldDifference, a);
        MathNodes.FreeSymbols(p, b);
        return a.Count == 1 && a.SetEquals(b);
    }

    // ---- sets, tuples, intervals ----

    private static bool Sets(MathNode gold, MathNode pred, int depth)
    {
        var a = MathNodes.IsSetLike(gold) ? gold : new SetOf([gold]);
        var b = MathNodes.IsSetLike(pred) ? pred : new SetOf([pred]);
        if (a is Interval ia && b is Interval ib) return Intervals(ia, ib, depth);
        if (MathKey.Of(a) == MathKey.Of(b)) return true;
        if (a is SetOf or Interval or Union && b is SetOf or Interval or Union && (a is Union || b is Union) && Pieces(a, b, depth)) return true;
        if (a is SetOf or TupleOf && b is SetOf or TupleOf) return Elements(a, b, depth);
        // "(1, 2)" reads as an open interval; against a pair or a two-element list it is the pair.
        if (a is Interval { LowOpen: true, HighOpen: true } oa && Count(b) == 2) return Elements(new TupleOf([oa.Low, oa.High]), b, depth);
        if (b is Interval { LowOpen: true, HighOpen: true } ob && Count(a) == 2) return Elements(a, new TupleOf([ob.Low, ob.High]), depth);
        return false;
    }

    private static int Count(MathNode n) => n switch { SetOf s => s.Elements.Count, TupleOf t => t.Elements.Count, _ => -1 };

    private static bool Intervals(Interval a, Interval b, int depth) =>
        a.LowOpen == b.LowOpen && a.HighOpen == b.HighOpen && Equal(a.Low, b.Low, depth + 1) && Equal(a.High, b.High, depth + 1);

    /// <summary>
    /// Elementwise: a gold set matches in any order (math-verify sorts both), a gold tuple in
    /// the order written, whatever the prediction is.
    /// </summary>
    private static bool Elements(MathNode gold, MathNode pred, int depth)
    {
        var g = gold is SetOf gs ? gs.Elements : ((TupleOf)gold).Elements;
        var p = pred is SetOf ps ? ps.Elements : ((TupleOf)pred).Elements;
        if (gold is SetOf) { g = Distinct(g); if (pred is SetOf) p = Distinct(p); }
        if (g.Count != p.Count) return false;
        if (gold is not SetOf) return g.Zip(p).All(x => Equal(x.First, x.Second, depth + 1));
        return Matching(g, p, (x, y) => Equal(x, y, depth + 1));
    }

    private static IReadOnlyList<MathNode> Distinct(IReadOnlyList<MathNode> elements) =>
        elements.DistinctBy(MathKey.Of, StringComparer.Ordinal).ToList();

    private static bool Matching(IReadOnlyList<MathNode> g, IReadOnlyList<MathNode> p, Func<MathNode, MathNode, bool> equal)
    {
        if (g.Count > 64) return false;
        var used = new bool[p.Count];
        foreach (var x in g)
        {
            var found = false;
            for (var j = 0; j < p.Count && !found; j++)
            {
                if (used[j] || !equal(x, p[j])) continue;
                used[j] = true;
                found = true;
            }
            if (!found) return false;
        }
        return true;
    }

    /// <summary>Unions compared piece by piece: the same intervals and points in any order.</summary>
    private static bool Pieces(MathNode a, MathNode b, int depth)
    {
        static IEnumerable<MathNode> Split(MathNode n) => n switch
        {
            Union u => u.Parts.SelectMany(Split),
            SetOf s => s.Elements.Select(e => (MathNode)new SetOf([e])),
            _ => [n],
        };
        var pa = Split(a).ToList();
        var pb = Split(b).ToList();
        return pa.Count == pb.Count && Matching(pa, pb, (x, y) => x is Interval ix && y is Interval iy
            ? Intervals(ix, iy, depth)
            : x is SetOf sx && y is SetOf sy && Equal(sx.Elements[0], sy.Elements[0], depth + 1));
    }

    // ---- words: \text{odd} = odd, \text{E} = E ----

    private static bool Symbols(MathNode gold, MathNode pred)
    {
        if ((gold is Sym { Name: "e" } && pred is Const { Name: "e" }) || (pred is Sym { Name: "e" } && gold is Const { Name: "e" })) return true;
        if (gold is Sym gs && Concatenated(pred) is { } pw) return gs.Name == pw;
        if (pred is Sym ps && Concatenated(gold) is { } gw) return ps.Name == gw;
        return gold is Sym a && pred is Sym b && a.Name == b.Name;
    }

    private static string? Concatenated(MathNode n) =>
        n is Mul m && m.Factors.All(f => f is Sym or Const { Name: "e" })
            ? string.Concat(m.Factors.Select(f => f is Sym s ? s.Name : "e"))
            : null;

    // ---- values ----

    private static bool Values(MathNode gold, MathNode pred)
    {
        var goldAtom = NumberAtom(gold);
        var predAtom = NumberAtom(pred);
        if (goldAtom is not null || predAtom is not null)
        {
            if (goldAtom is { IsFloat: true } || predAtom is { IsFloat: true }) return Rounded(gold, pred) || Sampling.Same(gold, pred);
            if (Evaluator.Exact(gold) is { } x && Evaluator.Exact(pred) is { } y) return x == y;
            return Sampling.Same(gold, pred);
        }
        return Sampling.Same(gold, pred);
    }

    /// <summary>A written number (possibly negated or a percentage): math-verify's "atomic" numbers.</summary>
    private static Num? NumberAtom(MathNode n) => n switch
    {
        Num x => x,
        Neg { Operand: Num x } => x,
        Percent { Operand: Num x } => x,
        Percent { Operand: Neg { Operand: Num x } } => x,
        _ => null,
    };

    /// <summary>Both values rounded to six decimal places, as math-verify's float comparison does.</summary>
    private static bool Rounded(MathNode gold, MathNode pred)
    {
        if (Evaluator.Exact(gold) is { } x && Evaluator.Exact(pred) is { } y) return Round(x) == Round(y);
        if (Evaluator.Real(gold) is not { } a || Evaluator.Real(pred) is not { } b) return false;
        if (Math.Abs(a) > 1e9 || Math.Abs(b) > 1e9) return Math.Abs(a - b) <= 1e-12 * Math.Max(Math.Abs(a), Math.Abs(b));
        return Math.Round(a, FloatRounding, MidpointRounding.AwayFromZero) == Math.Round(b, FloatRounding, MidpointRounding.AwayFromZero);
    }

    private static Rational Round(Rational v)
    {
        var scale = System.Numerics.BigInteger.Pow(10, FloatRounding);
        var scaled = v.Numerator * scale * 2 + (v.Sign >= 0 ? v.Denominator : -v.Denominator);
        // round half away from zero: floor((2·v·scale ± 1) / 2) toward zero
        var rounded = System.Numerics.BigInteger.Divide(scaled, v.Denominator * 2);
        return Rational.Of(rounded, scale);
    }
}
