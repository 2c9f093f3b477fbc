namespace Lineage.Generators.Verification.Grading;

/// <summary>Sums, scalar multiples and products of written matrices, reduced to one matrix of expressions.</summary>
internal static class MatrixAlgebra
{
    public static Matrix? Reduce(MathNode n)
    {
        switch (n)
        {
            case Matrix m: return m;
            case Neg g: return Reduce(g.Operand) is { } inner ? Map(inner, e => new Neg(e)) : null;
            case Add a:
            {
                var parts = a.Terms.Select(Reduce).ToList();
                if (parts.Any(p => p is null)) return null;
                var first = parts[0]!;
                if (parts.Any(p => p!.RowCount != first.RowCount || p.ColumnCount != first.ColumnCount)) return null;
                return new Matrix(Enumerable.Range(0, first.RowCount).Select(i => (IReadOnlyList<MathNode>)Enumerable.Range(0, first.ColumnCount)
                    .Select(j => (MathNode)new Add(parts.Select(p => p!.Rows[i][j]).ToList())).ToList()).ToList());
            }
            case Mul m:
            {
                Matrix? result = null;
                var scalars = new List<MathNode>();
                foreach (var f in m.Factors)
                {
                    if (f is Matrix or Add or Neg && Reduce(f) is { } matrix)
                    {
                        if (result is null) result = matrix;
                        else if (result.ColumnCount != matrix.RowCount) return null;
                        else result = Product(result, matrix);
                    }
                    else if (MathNodes.Contains<Matrix>(f)) return null;
                    else scalars.Add(f);
                }
                if (result is null) return null;
                return scalars.Count == 0 ? result : Map(result, e => new Mul([.. scalars, e]));
            }
            default: return null;
        }
    }

    private static Matrix Map(Matrix m, Func<MathNode, MathNode> f) =>
        new(m.Rows.Select(r => (IReadOnlyList<MathNode>)r.Select(f).ToList()).ToList());

    private static Matrix Product(Matrix a, Matrix b) =>
        new(Enumerable.Range(0, a.RowCount).Select(i => (IReadOnlyList<MathNode>)Enumerable.Range(0, b.ColumnCount)
            .Select(j => (MathNode)new Add(Enumerable.Range(0, a.ColumnCount).Select(k => (MathNode)new Mul([a.Rows[i][k], b.Rows[k][j]])).ToList())).ToList()).ToList());
}
