using Lineage.Generators.Numbers;
using static Lineage.Generators.Procedural.Tex;

namespace Lineage.Generators.Procedural.Families;

internal static class Arithmetic
{
    public static ProblemFamily Family { get; } = new("arithmetic",
    [
        new("arithmetic.order-of-operations.v1", OrderOfOperations),
        new("arithmetic.fraction-sum.v1", FractionSum),
        new("arithmetic.percent.v1", Percent),
        new("arithmetic.shopping-change.v1", ShoppingChange),
    ]);

    private static ProblemDraft OrderOfOperations(ProblemRng rng, Difficulty d)
    {
        switch (d)
        {
            case Difficulty.Easy:
            {
                int a = rng.Next(2, 12), b = rng.Next(2, 12), c = rng.Next(2, 12);
                var answer = a + b * c;
                return new($"Compute $ {N(a)} + {N(b)} \\times {N(c)} $.",
                [
                    $"Multiplication comes before addition: ${N(b)} \\times {N(c)} = {N(b * c)}$.",
                    $"Then add: ${N(a)} + {N(b * c)} = {N(answer)}$.",
                ], N(answer));
            }
            case Difficulty.Medium:
            {
                int a = rng.Next(5, 40), b = rng.Next(5, 40), c = rng.Next(2, 12), e = rng.Next(1, 99);
                var answer = (a + b) * c - e;
                return new($"Compute $ ({N(a)} + {N(b)}) \\times {N(c)} - {N(e)} $.",
                [
                    $"Parentheses first: ${N(a)} + {N(b)} = {N(a + b)}$.",
                    $"Then multiply: ${N(a + b)} \\times {N(c)} = {N((a + b) * c)}$.",
                    $"Finally subtract: ${N((a + b) * c)} - {N(e)} = {N(answer)}$.",
                ], N(answer));
            }
            default:
            {
                int a = rng.Next(3, 25), b = rng.Next(10, 99), c = rng.Next(10, 99), e = rng.Next(2, 15), q = rng.Next(2, 30);
                var f = e * q;
                var answer = a * (b - c) + q;
                return new($"Compute $ {N(a)} \\times ({N(b)} - {N(c)}) + {N(f)} \\div {N(e)} $.",
                [
                    $"Parentheses first: ${N(b)} - {N(c)} = {N(b - c)}$.",
                    $"Multiply: ${N(a)} \\times {P(b - c)} = {N(a * (b - c))}$.",
                    $"Divide: ${N(f)} \\div {N(e)} = {N(q)}$.",
                    $"Add the two results: ${N(a * (b - c))} + {N(q)} = {N(answer)}$.",
                ], N(answer));
            }
        }
    }

    private static ProblemDraft FractionSum(ProblemRng rng, Difficulty d)
    {
        var fractions = new List<(int Num, int Den, int Sign)>();
        switch (d)
        {
            case Difficulty.Easy:
                var den = rng.Next(3, 12);
                fractions.Add((rng.Next(1, den - 1), den, 1));
                fractions.Add((rng.Next(1, den - 1), den, 1));
                break;
            case Difficulty.Medium:
                int b = rng.Next(2, 12), c;
                do { c = rng.Next(2, 12); } while (c == b);
                fractions.Add((rng.Next(1, b - 1), b, 1));
                fractions.Add((rng.Next(1, c - 1), c, 1));
                break;
            default:
                for (var i = 0; i < 3; i++)
                {
                    var q = rng.Next(2, 20);
                    fractions.Add((rng.Next(1, 2 * q), q, i == 2 ? -1 : 1));
                }
                break;
        }

        var expression = string.Concat(fractions.Select((f, i) =>
            (i == 0 ? "" : f.Sign < 0 ? " - " : " + ") + $"\\frac{{{N(f.Num)}}}{{{N(f.Den)}}}"));
        var common = fractions.Aggregate(1L, (l, f) => IntMath.Lcm(l, f.Den));
        var rewritten = string.Concat(fractions.Select((f, i) =>
            (i == 0 ? "" : f.Sign < 0 ? " - " : " + ") + $"\\frac{{{N(f.Num * (common / f.Den))}}}{{{N(common)}}}"));
        var numerator = fractions.Sum(f => f.Sign * f.Num * (common / f.Den));
        var answer = Rational.Of(numerator, common);
        return new($"Compute $ {expression} $ and write the result in lowest terms.",
        [
            $"The least common denominator is ${N(common)}$.",
            $"Rewrite each fraction: ${rewritten}$.",
            $"Combine the numerators: $\\frac{{{N(numerator)}}}{{{N(common)}}}$.",
            $"In lowest terms this is ${N(answer)}$.",
        ], N(answer));
    }

    private static readonly int[] EasyPercents = [10, 20, 25, 50, 75];

    private static ProblemDraft Percent(ProblemRng rng, Difficulty d)
    {
        if (d == Difficulty.Hard)
        {
            int price = rng.Next(2, 60) * 10, up = rng.Next(1, 12) * 5, down = rng.Next(1, 8) * 5;
            var raised = Rational.Of(price) * Rational.Of(100 + up, 100);
            var final = raised * Rational.Of(100 - down, 100);
            return new($"A jacket costs ${N(price)}$ dollars. Its price is raised by ${N(up)}\\%$, and the new price is then lowered by ${N(down)}\\%$. What is the final price in dollars?",
            [
                $"Raising by ${N(up)}\\%$ multiplies the price by $\\frac{{{N(100 + up)}}}{{100}}$: ${N(price)} \\cdot \\frac{{{N(100 + up)}}}{{100}} = {N(raised)}$.",
                $"Lowering by ${N(down)}\\%$ multiplies by $\\frac{{{N(100 - down)}}}{{100}}$: ${N(raised)} \\cdot \\frac{{{N(100 - down)}}}{{100}} = {N(final)}$.",
            ], N(final));
        }

        int percent, whole;
        if (d == Difficulty.Easy) { percent = rng.Pick(EasyPercents); whole = 20 * rng.Next(1, 20); }
        else { percent = rng.Next(1, 99); whole = rng.Next(10, 500); }
        var result = Rational.Of(percent * whole, 100);
        return new($"What is ${N(percent)}\\%$ of ${N(whole)}$?",
        [
            $"${N(percent)}\\%$ means $\\frac{{{N(percent)}}}{{100}}$.",
            $"$\\frac{{{N(percent)}}}{{100}} \\cdot {N(whole)} = \\frac{{{N(percent * whole)}}}{{100}} = {N(result)}$.",
        ], N(result));
    }

    private static ProblemDraft ShoppingChange(ProblemRng rng, Difficulty d)
    {
        var person = rng.Pick(Names.People);
        var kinds = d switch { Difficulty.Easy => 1, Difficulty.Medium => 2, _ => 3 };
        var maxPrice = d switch { Difficulty.Easy => 9, Difficulty.Medium => 25, _ => 60 };
        var lines = new List<(int Count, int Price, string Plural)>();
        var used = new HashSet<int>();
        while (lines.Count < kinds)
        {
            var item = rng.Next(0, Names.Items.Count - 1);
            if (!used.Add(item)) continue;
            lines.Add((rng.Next(2, 4 + 2 * kinds), rng.Next(2, maxPrice), Names.Items[item].Plural));
        }

        var total = lines.Sum(l => l.Count * l.Price);
        var bill = d == Difficulty.Easy ? (total / 10 + 1) * 10 : (total / 50 + 1) * 50;
        var list = string.Join(", ", lines.Select(l => $"{N(l.Count)} {l.Plural} at ${N(l.Price)}$ dollars each"));
        var steps = lines.Select(l => $"The {l.Plural} cost ${N(l.Count)} \\times {N(l.Price)} = {N(l.Count * l.Price)}$ dollars.").ToList();
        if (kinds > 1)
            steps.Add($"Altogether: ${string.Join(" + ", lines.Select(l => N(l.Count * l.Price)))} = {N(total)}$ dollars.");
        steps.Add($"The change is ${N(bill)} - {N(total)} = {N(bill - total)}$ dollars.");
        return new($"{person} buys {list}, and pays with ${N(bill)}$ dollars. How many dollars of change does {person} get?",
            steps, N(bill - total));
    }
}
