using Lineage.Generators.Numbers;
using static Lineage.Generators.Procedural.Tex;

namespace Lineage.Generators.Procedural.Families;

internal static class Algebra
{
    public static ProblemFamily Family { get; } = new("algebra",
    [
        new("algebra.linear-equation.v1", LinearEquation),
        new("algebra.linear-system.v1", LinearSystem),
        new("algebra.consecutive-integers.v1", ConsecutiveIntegers),
        new("algebra.evaluate-polynomial.v1", EvaluatePolynomial),
        new("algebra.quadratic-roots.v1", QuadraticRoots),
    ]);

    private static readonly IReadOnlyList<string> Variables = ["x", "y", "z", "n", "t"];

    private static ProblemDraft LinearEquation(ProblemRng rng, Difficulty d)
    {
        var v = rng.Pick(Variables);
        if (d == Difficulty.Easy)
        {
            int a = rng.Next(2, 9), x = rng.Next(-10, 10), b = rng.NextNonZero(-20, 20);
            var c = a * x + b;
            return new($"Solve for ${v}$: $ {Linear(a, v, b)} = {N(c)} $.",
            [
                $"Subtract ${N(b)}$ from both sides: ${Term(a, v)} = {N(c)} - {P(b)} = {N(c - b)}$.",
                $"Divide by ${N(a)}$: ${v} = \\frac{{{N(c - b)}}}{{{N(a)}}} = {N(x)}$.",
            ], N(x));
        }

        var range = d == Difficulty.Medium ? 12 : 15;
        int left = rng.NextNonZero(-range, range), right;
        do { right = rng.NextNonZero(-range, range); } while (right == left);
        Rational solution;
        long lc, rc;
        if (d == Difficulty.Medium)
        {
            var x = rng.Next(-15, 15);
            lc = rng.Next(-30, 30);
            rc = (long)(left - right) * x + lc;
            solution = x;
        }
        else
        {
            lc = rng.Next(-60, 60);
            rc = rng.Next(-60, 60);
            solution = Rational.Of(rc - lc, left - right);
        }
        return new($"Solve for ${v}$: $ {Linear(left, v, lc)} = {Linear(right, v, rc)} $.",
        [
            $"Collect the ${v}$ terms on the left and the constants on the right: $({N(left)} - {P(right)}){v} = {N(rc)} - {P(lc)}$.",
            $"So ${Term(left - right, v)} = {N(rc - lc)}$.",
            $"Divide by ${N(left - right)}$: ${v} = {N(solution)}$.",
        ], N(solution));
    }

    private static ProblemDraft LinearSystem(ProblemRng rng, Difficulty d)
    {
        var (lo, hi, solutionRange) = d switch
        {
            Difficulty.Easy => (1, 3, 9),
            Difficulty.Medium => (-6, 6, 9),
            _ => (-12, 12, 20),
        };
        int x = rng.Next(d == Difficulty.Easy ? 1 : -solutionRange, solutionRange);
        int y = rng.Next(d == Difficulty.Easy ? 1 : -solutionRange, solutionRange);
        int a1, b1, a2, b2;
        do
        {
            a1 = rng.NextNonZero(lo, hi); b1 = rng.NextNonZero(lo, hi);
            a2 = rng.NextNonZero(lo, hi); b2 = d == Difficulty.Easy ? -rng.Next(lo, hi) : rng.NextNonZero(lo, hi);
        } while (a1 * b2 - a2 * b1 == 0);
        long c1 = a1 * x + b1 * y, c2 = a2 * x + b2 * y;
        long det = a1 * b2 - a2 * b1, xNumerator = c1 * b2 - c2 * b1;
        var answer = $"({N(x)}, {N(y)})";
        return new($"Solve the system of equations $ {Term(a1, "x")}{ThenTerm(b1, "y")} = {N(c1)} $ and $ {Term(a2, "x")}{ThenTerm(b2, "y")} = {N(c2)} $. Give the answer as an ordered pair $(x, y)$.",
        [
            $"Multiply the first equation by ${N(b2)}$ and the second by ${N(b1)}$ so the $y$ terms match, then subtract.",
            $"This leaves $({N(a1)} \\cdot {P(b2)} - {P(a2)} \\cdot {P(b1)})x = {N(c1)} \\cdot {P(b2)} - {P(c2)} \\cdot {P(b1)}$, that is ${Term(det, "x")} = {N(xNumerator)}$, so $x = {N(x)}$.",
            $"Substitute into the first equation: ${N(b1)}y = {N(c1)} - {N(a1)} \\cdot {P(x)} = {N(c1 - a1 * x)}$, so $y = {N(y)}$.",
            $"The solution is ${answer}$.",
        ], answer);
    }

    private static ProblemDraft ConsecutiveIntegers(ProblemRng rng, Difficulty d)
    {
        int k, start, step = 1;
        string kind;
        var askLargest = true;
        switch (d)
        {
            case Difficulty.Easy:
                k = 3; start = rng.Next(1, 40); kind = "consecutive integers";
                break;
            case Difficulty.Medium:
                k = rng.Next(4, 6); start = rng.Next(-20, 60); kind = "consecutive integers"; askLargest = false;
                break;
            default:
                k = rng.Next(4, 8); step = 2;
                var odd = rng.NextBool();
                start = 2 * rng.Next(-15, 50) + (odd ? 1 : 0);
                kind = odd ? "consecutive odd integers" : "consecutive even integers";
                break;
        }
        var offsets = step * k * (k - 1) / 2;
        var sum = k * start + offsets;
        var answer = askLargest ? start + step * (k - 1) : start;
        var terms = string.Join(" + ", Enumerable.Range(0, k).Select(i => i == 0 ? "n" : $"(n + {N(step * i)})"));
        return new($"The sum of {N(k)} {kind} is ${N(sum)}$. What is the {(askLargest ? "largest" : "smallest")} of them?",
        [
            $"Call the smallest one $n$. The sum is ${terms} = {N(k)}n + {N(offsets)}$.",
            $"So ${N(k)}n = {N(sum)} - {N(offsets)} = {N(sum - offsets)}$ and $n = {N(start)}$.",
            askLargest
                ? $"The largest is $n + {N(step * (k - 1))} = {N(answer)}$."
                : $"The smallest is $n = {N(answer)}$.",
        ], N(answer));
    }

    private static ProblemDraft EvaluatePolynomial(ProblemRng rng, Difficulty d)
    {
        var (degree, range, pointRange) = d switch
        {
            Difficulty.Easy => (1, 9, 10),
            Difficulty.Medium => (2, 6, 6),
            _ => (3, 4, 5),
        };
        var coefficients = new long[degree + 1];
        coefficients[0] = rng.NextNonZero(-range, range);
        for (var i = 1; i <= degree; i++) coefficients[i] = rng.Next(-2 * range, 2 * range);
        var t = rng.Next(-pointRange, pointRange);
        var terms = new List<string>();
        long value = 0;
        for (var i = 0; i <= degree; i++)
        {
            var power = degree - i;
            var termValue = coefficients[i] * IntMath.Pow(t, power);
            value += termValue;
            if (coefficients[i] != 0)
                terms.Add(power switch
                {
                    0 => N(coefficients[i]),
                    1 => $"{N(coefficients[i])} \\cdot {P(t)} = {N(termValue)}",
                    _ => $"{N(coefficients[i])} \\cdot {P(t)}^{N(power)} = {N(termValue)}",
                });
        }
        var f = Polynomial(coefficients, "x");
        return new($"Let $f(x) = {f}$. Compute $f({N(t)})$.",
        [
            $"Substitute $x = {N(t)}$ term by term: {string.Join("; ", terms.Select(s => $"${s}$"))}.",
            $"Adding the terms gives $f({N(t)}) = {N(value)}$.",
        ], N(value));
    }

    private static ProblemDraft QuadraticRoots(ProblemRng rng, Difficulty d)
    {
        var range = d == Difficulty.Easy ? 9 : 12;
        int r1 = rng.Next(d == Difficulty.Easy ? 1 : -range, range), r2;
        do { r2 = rng.Next(d == Difficulty.Easy ? 1 : -range, range); } while (r2 == r1);
        var a = d == Difficulty.Hard ? rng.Next(2, 5) : 1;
        long b = -a * (r1 + r2), c = (long)a * r1 * r2;
        var equation = $"{Polynomial([a, b, c], "x")} = 0";
        var factored = $"{(a == 1 ? "" : N(a))}{Factor(r1)}{Factor(r2)} = 0";
        switch (d)
        {
            case Difficulty.Easy:
                var larger = Math.Max(r1, r2);
                return new($"Find the larger root of $ {equation} $.",
                [
                    $"Look for two numbers with product ${N(c)}$ and sum ${N(-b)}$: they are ${N(r1)}$ and ${N(r2)}$.",
                    $"So ${factored}$ and the roots are ${N(r1)}$ and ${N(r2)}$; the larger is ${N(larger)}$.",
                ], N(larger));
            case Difficulty.Medium:
                var gap = Math.Abs(r1 - r2);
                return new($"What is the positive difference between the roots of $ {equation} $?",
                [
                    $"Factor: ${factored}$, so the roots are ${N(r1)}$ and ${N(r2)}$.",
                    $"Their difference is $|{N(r1)} - {P(r2)}| = {N(gap)}$.",
                ], N(gap));
            default:
                long sum = r1 + r2, product = (long)r1 * r2, squares = sum * sum - 2 * product;
                return new($"Let $p$ and $q$ be the roots of $ {equation} $. Compute $p^2 + q^2$.",
                [
                    $"By Vieta's formulas $p + q = -\\frac{{{N(b)}}}{{{N(a)}}} = {N(sum)}$ and $pq = \\frac{{{N(c)}}}{{{N(a)}}} = {N(product)}$.",
                    $"Then $p^2 + q^2 = (p + q)^2 - 2pq = {P(sum)}^2 - 2 \\cdot {P(product)} = {N(squares)}$.",
                ], N(squares));
        }
    }

    /// <summary>The factor (x - r) written the way a person would: "(x + 3)", "x", "(x - 4)".</summary>
    private static string Factor(long root) => root switch
    {
        0 => "x",
        < 0 => $"(x + {N(-root)})",
        _ => $"(x - {N(root)})",
    };
}
