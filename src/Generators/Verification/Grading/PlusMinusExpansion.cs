namespace Lineage.Generators.Verification.Grading;

/// <summary>
/// "1 \pm \sqrt{19}" is the two answers 1+√19 and 1−√19 (math-verify's set reading);
/// "x = a \pm b" is x equal to that set. At most three ± per element are expanded.
/// </summary>
internal static class PlusMinusExpansion
{
    private const int MaxVariants = 8;

    public static IReadOnlyList<MathNode> Expand(MathNode element)
    {
        if (!MathNodes.Contains<PlusMinus>(element)) return [element];
        if (element is Rel { Op: "=" } rel && !MathNodes.Contains<PlusMinus>(rel.Left))
            return [new Rel("=", rel.Left, new SetOf(Variants(rel.Right)))];
        return Variants(element);
    }

    private static IReadOnlyList<MathNode> Variants(MathNode n)
    {
        var result = new List<MathNode> { n };
        for (var round = 0; round < 3; round++)
        {
            var next = new List<MathNode>();
            var changed = false;
            foreach (var v in result)
            {
                if (ReplaceFirst(v, plus: true) is { } plus && ReplaceFirst(v, plus: false) is { } minus)
                {
                    next.Add(plus);
                    next.Add(minus);
                    changed = true;
                }
                else next.Add(v);
            }
            result = next;
            if (!changed || result.Count >= MaxVariants) break;
        }
        return result;
    }

    /// <summary>The node with its first ± replaced by + (or −); null when it has none.</summary>
    private static MathNode? ReplaceFirst(MathNode n, bool plus)
    {
        if (n is PlusMinus pm)
        {
            var right = plus ? pm.Right : new Neg(pm.Right);
            return pm.Left is null ? right : new Add([pm.Left, right]);
        }
        var children = MathNodes.Children(n).ToList();
        for (var i = 0; i < children.Count; i++)
        {
            if (!MathNodes.Contains<PlusMinus>(children[i])) continue;
            children[i] = ReplaceFirst(children[i], plus)!;
            return Rebuild(n, children);
        }
        return null;
    }

    private static MathNode Rebuild(MathNode n, List<MathNode> c) => n switch
    {
        Add => new Add(c),
        Mul => new Mul(c),
        Div => new Div(c[0], c[1]),
        Neg => new Neg(c[0]),
        Pow => new Pow(c[0], c[1]),
        Percent => new Percent(c[0]),
        Func f => new Func(f.Name, c),
        Rel r => new Rel(r.Op, c[0], c[1]),
        RelChain => new RelChain(c.Cast<Rel>().ToList()),
        SetOf => new SetOf(c),
        TupleOf => new TupleOf(c),
        Interval i => new Interval(c[0], c[1], i.LowOpen, i.HighOpen),
        Union => new Union(c),
        Matrix m => new Matrix(Enumerable.Range(0, m.RowCount).Select(r => (IReadOnlyList<MathNode>)c.Skip(r * m.ColumnCount).Take(m.ColumnCount).ToList()).ToList()),
        _ => n,
    };
}
