using Lineage.Generators.Numbers;
using static Lineage.Generators.Procedural.Tex;

namespace Lineage.Generators.Procedural.Families;

internal static class Probability
{
    public static ProblemFamily Family { get; } = new("probability",
    [
        new("probability.dice.v1", Dice),
        new("probability.marbles.v1", Marbles),
        new("probability.coins.v1", Coins),
        new("probability.number-pick.v1", NumberPick),
    ]);

    private static string Ratio(System.Numerics.BigInteger favourable, System.Numerics.BigInteger total, out Rational value)
    {
        value = Rational.Of(favourable, total);
        var raw = $"\\frac{{{N(favourable)}}}{{{N(total)}}}";
        return value.Denominator == total ? raw : $"{raw} = {N(value)}";
    }

    private static readonly int[] FewFaces = [4, 6, 8];

    private static ProblemDraft Dice(ProblemRng rng, Difficulty d)
    {
        var dice = d == Difficulty.Hard ? 3 : 2;
        var faces = rng.Pick(d == Difficulty.Medium ? [4, 6, 8, 10, 12, 20] : FewFaces);
        var target = rng.Next(dice + (d == Difficulty.Medium ? 1 : 0), dice * faces);
        var atLeast = d == Difficulty.Medium;
        var die = Enumerable.Range(1, faces).ToList();
        var outcomes = dice == 2
            ? (from a in die from b in die select new[] { a, b }).ToList()
            : (from a in die from b in die from c in die select new[] { a, b, c }).ToList();
        var favourable = outcomes.Where(o => atLeast ? o.Sum() >= target : o.Sum() == target).ToList();
        var total = outcomes.Count;
        var condition = atLeast ? $"at least ${N(target)}$" : $"exactly ${N(target)}$";
        var steps = new List<string> { $"There are ${N(faces)}^{N(dice)} = {N(total)}$ equally likely outcomes." };
        if (favourable.Count <= 12)
            steps.Add($"The favourable ones are {string.Join(", ", favourable.Select(o => $"$({string.Join(", ", o.Select(x => N(x)))})$"))}: ${N(favourable.Count)}$ {(favourable.Count == 1 ? "outcome" : "outcomes")}.");
        else
            steps.Add($"Counting outcomes by their sum, ${N(favourable.Count)}$ of them have a sum of {condition}.");
        steps.Add($"The probability is ${Ratio(favourable.Count, total, out var p)}$.");
        return new($"${N(dice)}$ fair dice, each with faces numbered $1$ to ${N(faces)}$, are rolled. What is the probability that the sum is {condition}? Express your answer as a common fraction.",
            steps, N(p));
    }

    private static ProblemDraft Marbles(ProblemRng rng, Difficulty d)
    {
        var colours = new List<string>();
        while (colours.Count < 3)
        {
            var c = rng.Pick(Names.Colours);
            if (!colours.Contains(c)) colours.Add(c);
        }
        var counts = colours.Select(_ => rng.Next(2, 9)).ToArray();
        var total = counts.Sum();
        var bag = $"A bag holds {NumberTheory.JoinWords(colours.Select((c, i) => $"${N(counts[i])}$ {c}").ToList())} marbles.";
        var target = rng.Next(0, 2);
        int c0 = counts[target];
        var colour = colours[target];
        switch (d)
        {
            case Difficulty.Easy:
                return new($"{bag} One marble is drawn at random. What is the probability that it is {colour}?",
                [
                    $"There are ${N(total)}$ marbles and ${N(c0)}$ are {colour}.",
                    $"The probability is ${Ratio(c0, total, out var single)}$.",
                ], N(single));
            case Difficulty.Medium:
            {
                var p = Rational.Of(c0, total) * Rational.Of(c0 - 1, total - 1);
                return new($"{bag} Two marbles are drawn at random without replacement. What is the probability that both are {colour}?",
                [
                    $"The first is {colour} with probability $\\frac{{{N(c0)}}}{{{N(total)}}}$; then ${N(c0 - 1)}$ of the remaining ${N(total - 1)}$ are {colour}.",
                    $"$\\frac{{{N(c0)}}}{{{N(total)}}} \\cdot \\frac{{{N(c0 - 1)}}}{{{N(total - 1)}}} = {N(p)}$.",
                ], N(p));
            }
            default:
            {
                var favourable = IntMath.Binomial(c0, 2) * (total - c0);
                var all = IntMath.Binomial(total, 3);
                return new($"{bag} Three marbles are drawn at random without replacement. What is the probability that exactly two of them are {colour}?",
                [
                    $"There are $\\binom{{{N(total)}}}{{3}} = {N(all)}$ equally likely draws.",
                    $"Choose $2$ of the ${N(c0)}$ {colour} marbles and $1$ of the other ${N(total - c0)}$: $\\binom{{{N(c0)}}}{{2}} \\cdot {N(total - c0)} = {N(favourable)}$.",
                    $"The probability is ${Ratio(favourable, all, out var exactlyTwo)}$.",
                ], N(exactlyTwo));
            }
        }
    }

    private static ProblemDraft Coins(ProblemRng rng, Difficulty d)
    {
        var (lo, hi) = d switch { Difficulty.Easy => (3, 5), Difficulty.Medium => (5, 9), _ => (6, 12) };
        var n = rng.Next(lo, hi);
        var total = System.Numerics.BigInteger.Pow(2, n);
        if (d != Difficulty.Hard)
        {
            var k = rng.Next(0, n);
            var ways = IntMath.Binomial(n, k);
            return new($"A fair coin is flipped ${N(n)}$ times. What is the probability of getting exactly ${N(k)}$ heads?",
            [
                $"There are $2^{{{N(n)}}} = {N(total)}$ equally likely sequences.",
                $"Sequences with exactly ${N(k)}$ heads: $\\binom{{{N(n)}}}{{{N(k)}}} = {N(ways)}$.",
                $"The probability is ${Ratio(ways, total, out var exact)}$.",
            ], N(exact));
        }

        var least = rng.Next(1, n - 1);
        var terms = Enumerable.Range(least, n - least + 1).Select(i => (i, Ways: IntMath.Binomial(n, i))).ToList();
        var favourable = terms.Aggregate(System.Numerics.BigInteger.Zero, (acc, t) => acc + t.Ways);
        return new($"A fair coin is flipped ${N(n)}$ times. What is the probability of getting at least ${N(least)}$ heads?",
        [
            $"There are $2^{{{N(n)}}} = {N(total)}$ equally likely sequences.",
            $"Add the counts for ${N(least)}$ to ${N(n)}$ heads: ${string.Join(" + ", terms.Select(t => N(t.Ways)))} = {N(favourable)}$.",
            $"The probability is ${Ratio(favourable, total, out var p)}$.",
        ], N(p));
    }

    private static ProblemDraft NumberPick(ProblemRng rng, Difficulty d)
    {
        var n = rng.Next(20, d == Difficulty.Easy ? 100 : 300);
        var divisors = new List<int>();
        var count = (int)d;
        while (divisors.Count < count)
        {
            var a = rng.Next(2, d == Difficulty.Easy ? 9 : 12);
            if (!divisors.Contains(a)) divisors.Add(a);
        }
        // Inclusion-exclusion over every non-empty subset of the divisors.
        var steps = new List<string>();
        long union = 0;
        for (var mask = 1; mask < 1 << count; mask++)
        {
            var members = divisors.Where((_, i) => (mask & (1 << i)) != 0).ToList();
            var lcm = members.Aggregate(1L, (acc, x) => IntMath.Lcm(acc, x));
            var multiples = n / lcm;
            union += members.Count % 2 == 1 ? multiples : -multiples;
            steps.Add($"multiples of {(members.Count == 1 ? $"${N(lcm)}$" : $"$\\operatorname{{lcm}}({string.Join(", ", members.Select(x => N(x)))}) = {N(lcm)}$")}: $\\lfloor {N(n)} / {N(lcm)} \\rfloor = {N(multiples)}$");
        }
        var list = NumberTheory.JoinWords(divisors.Select(x => $"${N(x)}$").ToList());
        var (question, favourable) = d switch
        {
            Difficulty.Easy => ($"divisible by {list}", union),
            Difficulty.Medium => ($"divisible by {list.Replace(" and ", " or ")}", union),
            _ => ($"divisible by none of {list.Replace(", and ", ", or ")}", n - union),
        };
        var summary = d == Difficulty.Hard
            ? $"By inclusion-exclusion ${N(union)}$ numbers are divisible by at least one of them, so ${N(n)} - {N(union)} = {N(favourable)}$ are divisible by none."
            : $"By inclusion-exclusion ${N(favourable)}$ numbers qualify.";
        return new($"An integer is chosen uniformly at random from $1$ to ${N(n)}$. What is the probability that it is {question}?",
        [
            $"Count {string.Join("; ", steps)}.",
            summary,
            $"The probability is ${Ratio(favourable, n, out var p)}$.",
        ], N(p));
    }
}
