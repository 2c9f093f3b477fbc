namespace Lineage.Generators.Verification.Grading;

/// <summary>
/// An inequality in one variable read as the set it describes (math-verify's as_set, used
/// when the prediction is a set): "-2 \le x \le 7" is [-2, 7], "x &gt; 3" is (3, ∞),
/// "x \ne 1" is (−∞, 1) ∪ (1, ∞). The variable may be any name, f(x) included.
/// </summary>
internal static class RelationSets
{
    private static readonly MathNode Infinity = new Const("inf");
    private static readonly MathNode MinusInfinity = new Neg(new Const("inf"));

    public static MathNode? AsSet(MathNode relation)
    {
        if (relation is Rel r) return Single(r);
        // lo ≤ |z| ≤ hi with lo ≥ 0: two intervals, [−hi, −lo] ∪ [lo, hi].
        if (relation is RelChain { Relations.Count: 2 } a && a.Relations[0].Right is Func { Name: "abs" } abs && MathNodes.OnlySymbols(abs.Args[0])
            && MathKey.Of(a.Relations[1].Left) == MathKey.Of(abs) && a.Relations[0].Op is "<" or "<=" && a.Relations[1].Op is "<" or "<="
            && Evaluator.Real(a.Relations[0].Left) is >= 0 && IsConstant(a.Relations[1].Right))
        {
            var (lo, hi) = (a.Relations[0].Left, a.Relations[1].Right);
            var (loOpen, hiOpen) = (a.Relations[0].Op == "<", a.Relations[1].Op == "<");
            return new Union([new Interval(new Neg(hi), new Neg(lo), hiOpen, loOpen), new Interval(lo, hi, loOpen, hiOpen)]);
        }
        if (relation is RelChain { Relations.Count: 2 } c && MathKey.Of(c.Relations[0].Right) == MathKey.Of(c.Relations[1].Left)
            && IsVariable(c.Relations[0].Right) && IsConstant(c.Relations[0].Left) && IsConstant(c.Relations[1].Right))
        {
            var (first, second) = (c.Relations[0].Op, c.Relations[1].Op);
            if (first is "<" or "<=" && second is "<" or "<=")
                return new Interval(c.Relations[0].Left, c.Relations[1].Right, first == "<", second == "<");
            if (first is ">" or ">=" && second is ">" or ">=")
                return new Interval(c.Relations[1].Right, c.Relations[0].Left, second == ">", first == ">");
        }
        return null;
    }

    private static MathNode? Single(Rel r)
    {
        var (op, value) = IsVariable(r.Left) && IsConstant(r.Right) ? (r.Op, r.Right)
            : IsVariable(r.Right) && IsConstant(r.Left) ? (Flip(r.Op), r.Left)
            : (null, null);
        return op switch
        {
            "<" => new Interval(MinusInfinity, value!, true, true),
            "<=" => new Interval(MinusInfinity, value!, true, false),
            ">" => new Interval(value!, Infinity, true, true),
            ">=" => new Interval(value!, Infinity, false, true),
            "=" => new SetOf([value!]),
            "!=" => new Union([new Interval(MinusInfinity, value!, true, true), new Interval(value!, Infinity, true, true)]),
            _ => null,
        };
    }

    private static string Flip(string op) => op switch { "<" => ">", ">" => "<", "<=" => ">=", ">=" => "<=", _ => op };

    private static bool IsVariable(MathNode n) => MathNodes.OnlySymbols(n);

    private static bool IsConstant(MathNode n) => Evaluator.Real(n) is not null || MathKey.Of(n).Contains("#inf", StringComparison.Ordinal);
}
