namespace Lineage.Generators.Verification.Grading;

/// <summary>
/// Equality by evaluation: two expressions are equal when they agree at every sample point
/// where both are defined (at least three), each variable taking its own deterministic
/// values, negative ones included so that |x| and x differ. This is the canonical form for
/// rational functions, surds and trigonometric identities alike (tan²y + 1 = sec²y).
/// </summary>
internal static class Sampling
{
    private const int Points = 10;
    private const int MinimumPoints = 3;
    private const double Relative = 1e-9;

    public static bool Same(MathNode a, MathNode b)
    {
        var symbols = Symbols(a, b);
        var valid = 0;
        for (var k = 0; k < Points; k++)
        {
            var x = Evaluator.Eval(a, Value(symbols, k));
            var y = Evaluator.Eval(b, Value(symbols, k));
            if (double.IsNaN(x) || double.IsNaN(y)) continue;
            if (!Close(x, y)) return false;
            valid++;
            if (symbols.Count == 0) return true;
        }
        return valid >= Math.Min(MinimumPoints, symbols.Count == 0 ? 1 : MinimumPoints);
    }

    /// <summary>The constant c with a = c·b at every sample point; null when there is none.</summary>
    public static double? ConstantRatio(MathNode a, MathNode b)
    {
        var symbols = Symbols(a, b);
        double? ratio = null;
        var valid = 0;
        for (var k = 0; k < Points; k++)
        {
            var x = Evaluator.Eval(a, Value(symbols, k));
            var y = Evaluator.Eval(b, Value(symbols, k));
            if (!double.IsFinite(x) || !double.IsFinite(y)) continue;
            if (Math.Abs(y) < 1e-12) { if (Math.Abs(x) > 1e-9) return null; continue; }
            var r = x / y;
            if (ratio is { } first && !Close(first, r)) return null;
            ratio ??= r;
            valid++;
        }
        return valid >= MinimumPoints || (symbols.Count == 0 && valid == 1) ? ratio : null;
    }

    private static bool Close(double x, double y)
    {
        if (double.IsInfinity(x) || double.IsInfinity(y)) return x == y;
        return Math.Abs(x - y) <= Relative * Math.Max(1, Math.Max(Math.Abs(x), Math.Abs(y)));
    }

    private static List<string> Symbols(MathNode a, MathNode b)
    {
        var set = new SortedSet<string>(StringComparer.Ordinal);
        MathNodes.FreeSymbols(a, set);
        MathNodes.FreeSymbols(b, set);
        return set.ToList();
    }

    private static Func<string, double> Value(List<string> symbols, int k) => name =>
    {
        var index = symbols.IndexOf(name);
        // Irrational-looking, distinct per variable and point; every other point negative.
        var magnitude = 0.37 + ((index + 1) * 0.7548776662 + k * 0.5698402910) % 1 * 2.3;
        return k % 2 == 1 ? -magnitude : magnitude;
    };
}
