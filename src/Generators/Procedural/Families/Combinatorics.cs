using static Lineage.Generators.Procedural.Tex;

namespace Lineage.Generators.Procedural.Families;

internal static class Combinatorics
{
    public static ProblemFamily Family { get; } = new("combinatorics",
    [
        new("combinatorics.committee.v1", Committee),
        new("combinatorics.arrangements.v1", Arrangements),
        new("combinatorics.lattice-paths.v1", LatticePaths),
        new("combinatorics.stars-and-bars.v1", StarsAndBars),
    ]);

    private static string C(int n, int k) => $"\\binom{{{N(n)}}}{{{N(k)}}}";

    private static ProblemDraft Committee(ProblemRng rng, Difficulty d)
    {
        switch (d)
        {
            case Difficulty.Easy:
            {
                int n = rng.Next(4, 12), k = rng.Next(2, n - 1);
                var answer = IntMath.Binomial(n, k);
                return new($"In how many ways can a committee of ${N(k)}$ people be chosen from a club of ${N(n)}$ people?",
                [
                    $"Order does not matter, so the count is ${C(n, k)} = \\frac{{{N(n)}!}}{{{N(k)}! \\, {N(n - k)}!}} = {N(answer)}$.",
                ], N(answer));
            }
            case Difficulty.Medium:
            {
                int n = rng.Next(8, 16), k = rng.Next(3, 6);
                var person = rng.Pick(Names.People);
                var answer = IntMath.Binomial(n - 1, k - 1);
                return new($"A club has ${N(n)}$ members, one of whom is {person}. How many committees of ${N(k)}$ members include {person}?",
                [
                    $"{person} is on the committee, so choose the other ${N(k - 1)}$ members from the remaining ${N(n - 1)}$.",
                    $"That gives ${C(n - 1, k - 1)} = {N(answer)}$.",
                ], N(answer));
            }
            default:
            {
                int women = rng.Next(3, 9), men = rng.Next(3, 9), k = rng.Next(3, 6);
                var n = women + men;
                var all = IntMath.Binomial(n, k);
                var none = IntMath.Binomial(men, k);
                var answer = all - none;
                return new($"A group has ${N(women)}$ women and ${N(men)}$ men. How many ${N(k)}$-person committees contain at least one woman?",
                [
                    $"Count all committees: ${C(n, k)} = {N(all)}$.",
                    $"Subtract those with no women, chosen only from the men: ${C(men, k)} = {N(none)}$.",
                    $"So ${N(all)} - {N(none)} = {N(answer)}$.",
                ], N(answer));
            }
        }
    }

    private static readonly IReadOnlyList<string> Words =
    [
        "BANANA", "LETTER", "BALLOON", "PEPPER", "COFFEE", "COOKBOOK", "SUCCESS", "ADDRESS",
        "TATTOO", "REFERRER", "ASSESS", "PAPAYA", "MISSISSIPPI", "STATISTICS", "COMMITTEE", "BOOKKEEPER",
    ];

    private static ProblemDraft Arrangements(ProblemRng rng, Difficulty d)
    {
        switch (d)
        {
            case Difficulty.Easy:
            {
                var n = rng.Next(3, 7);
                var answer = IntMath.Factorial(n);
                var item = rng.Pick(Names.Items).Plural;
                return new($"In how many different orders can ${N(n)}$ different {item} be placed in a row?",
                [
                    $"There are ${N(n)}$ choices for the first place, ${N(n - 1)}$ for the second, and so on.",
                    $"So the count is ${N(n)}! = {N(answer)}$.",
                ], N(answer));
            }
            case Difficulty.Medium:
            {
                int n = rng.Next(6, 12), k = rng.Next(2, 4);
                var answer = IntMath.Permutations(n, k);
                var places = string.Join(" \\cdot ", Enumerable.Range(0, k).Select(i => N(n - i)));
                return new($"${N(n)}$ runners enter a race. In how many ways can the first ${N(k)}$ places be awarded (no ties)?",
                [
                    $"Order matters: ${N(n)}$ choices for first, one fewer for each later place.",
                    $"${places} = {N(answer)}$.",
                ], N(answer));
            }
            default:
            {
                var word = rng.NextBool() ? rng.Pick(Words) : RandomMultiset(rng);
                var counts = word.GroupBy(c => c).OrderBy(g => g.Key).Select(g => (Letter: g.Key, Count: g.Count())).ToList();
                var denominator = counts.Aggregate(System.Numerics.BigInteger.One, (acc, c) => acc * IntMath.Factorial(c.Count));
                var answer = IntMath.Factorial(word.Length) / denominator;
                var repeated = counts.Where(c => c.Count > 1).ToList();
                return new($"How many distinct arrangements of the letters of {word} are there?",
                [
                    $"{word} has ${N(word.Length)}$ letters; the repeated ones are {NumberTheory.JoinWords(repeated.Select(c => $"{c.Letter} (${N(c.Count)}$ times)").ToList())}.",
                    $"Divide out the orderings of identical letters: $\\frac{{{N(word.Length)}!}}{{{string.Join(" \\, ", repeated.Select(c => $"{N(c.Count)}!"))}}} = {N(answer)}$.",
                ], N(answer));
            }
        }
    }

    private static ProblemDraft LatticePaths(ProblemRng rng, Difficulty d)
    {
        var (lo, hi) = d switch { Difficulty.Easy => (1, 5), Difficulty.Medium => (3, 8), _ => (4, 9) };
        int a = rng.Next(lo, hi), b = rng.Next(lo, hi);
        var question = $"A path on the grid moves one unit right or one unit up at each step. How many such paths go from $(0, 0)$ to $({N(a)}, {N(b)})$";
        if (d != Difficulty.Hard)
        {
            var answer = IntMath.Binomial(a + b, a);
            return new(question + "?",
            [
                $"Every path has ${N(a + b)}$ steps, ${N(a)}$ of them to the right.",
                $"Choose which steps go right: ${C(a + b, a)} = {N(answer)}$.",
            ], N(answer));
        }

        int p = rng.Next(1, a - 1), q = rng.Next(1, b - 1);
        var first = IntMath.Binomial(p + q, p);
        var second = IntMath.Binomial(a - p + b - q, a - p);
        var total = first * second;
        return new(question + $" passing through $({N(p)}, {N(q)})$?",
        [
            $"Paths to $({N(p)}, {N(q)})$: ${C(p + q, p)} = {N(first)}$.",
            $"Paths from $({N(p)}, {N(q)})$ to $({N(a)}, {N(b)})$: ${C(a - p + b - q, a - p)} = {N(second)}$.",
            $"Multiply: ${N(first)} \\cdot {N(second)} = {N(total)}$.",
        ], N(total));
    }

    private static ProblemDraft StarsAndBars(ProblemRng rng, Difficulty d)
    {
        var item = rng.Pick(Names.Items).Plural;
        switch (d)
        {
            case Difficulty.Easy:
            {
                int n = rng.Next(3, 8), k = rng.Next(2, 3);
                var answer = IntMath.Binomial(n + k - 1, k - 1);
                return new($"In how many ways can ${N(n)}$ identical {item} be given to ${N(k)}$ children, if a child may get none?",
                [
                    $"Line up the ${N(n)}$ {item} and ${N(k - 1)}$ dividers; each arrangement is one distribution.",
                    $"So the count is ${C(n + k - 1, k - 1)} = {N(answer)}$.",
                ], N(answer));
            }
            default:
            {
                var k = rng.Next(3, 5);
                var least = d == Difficulty.Medium ? 1 : rng.Next(2, 3);
                var n = rng.Next(k * least + 1, k * least + 12);
                var left = n - k * least;
                var answer = IntMath.Binomial(left + k - 1, k - 1);
                return new($"In how many ways can ${N(n)}$ identical {item} be given to ${N(k)}$ children so that each child gets at least ${N(least)}$?",
                [
                    $"First give each child ${N(least)}$, using ${N(k * least)}$; ${N(left)}$ remain to share freely.",
                    $"Sharing ${N(left)}$ among ${N(k)}$ children with no limit: ${C(left + k - 1, k - 1)} = {N(answer)}$.",
                ], N(answer));
            }
        }
    }

    /// <summary>A sorted letter string such as "AABBBCD": the same question with far more variety than a word list.</summary>
    private static string RandomMultiset(ProblemRng rng)
    {
        var length = rng.Next(6, 9);
        var alphabet = rng.Next(3, 5);
        var letters = new char[length];
        for (var i = 0; i < length; i++) letters[i] = (char)('A' + rng.Next(0, alphabet - 1));
        Array.Sort(letters);
        // At least one repeat is guaranteed: length exceeds the alphabet.
        return new string(letters);
    }
}
