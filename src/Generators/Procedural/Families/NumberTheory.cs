using static Lineage.Generators.Procedural.Tex;

namespace Lineage.Generators.Procedural.Families;

internal static class NumberTheory
{
    public static ProblemFamily Family { get; } = new("number-theory",
    [
        new("number-theory.gcd.v1", Gcd),
        new("number-theory.lcm.v1", Lcm),
        new("number-theory.remainder.v1", Remainder),
        new("number-theory.divisors.v1", Divisors),
        new("number-theory.linear-congruence.v1", LinearCongruence),
    ]);

    private static ProblemDraft Gcd(ProblemRng rng, Difficulty d)
    {
        var (gMax, mMax, count) = d switch
        {
            Difficulty.Easy => (12, 12, 2),
            Difficulty.Medium => (40, 50, 2),
            _ => (30, 40, 3),
        };
        var g = rng.Next(2, gMax);
        var numbers = new List<long>();
        while (numbers.Count < count)
        {
            var candidate = (long)g * rng.Next(1, mMax);
            if (!numbers.Contains(candidate)) numbers.Add(candidate);
        }

        var steps = new List<string>();
        var result = numbers[0];
        foreach (var next in numbers.Skip(1))
        {
            steps.Add($"Apply the Euclidean algorithm to ${N(result)}$ and ${N(next)}$:");
            long a = Math.Max(result, next), b = Math.Min(result, next);
            while (b != 0)
            {
                steps.Add($"${N(a)} = {N(a / b)} \\cdot {N(b)} + {N(a % b)}$");
                (a, b) = (b, a % b);
            }
            steps.Add($"so $\\gcd({N(result)}, {N(next)}) = {N(a)}$.");
            result = a;
        }
        var list = string.Join(", ", numbers.Select(N));
        return new($"Find the greatest common divisor of {JoinWords(numbers.Select(n => $"${N(n)}$").ToList())}.",
            [.. steps, $"Therefore $\\gcd({list}) = {N(result)}$."], N(result));
    }

    private static ProblemDraft Lcm(ProblemRng rng, Difficulty d)
    {
        var (lo, hi, count) = d switch
        {
            Difficulty.Easy => (2, 20, 2),
            Difficulty.Medium => (6, 120, 2),
            _ => (4, 60, 3),
        };
        var numbers = new List<long>();
        while (numbers.Count < count)
        {
            long candidate = rng.Next(lo, hi);
            if (!numbers.Contains(candidate)) numbers.Add(candidate);
        }
        var lcm = numbers.Aggregate(1L, IntMath.Lcm);
        var steps = numbers.Select(n => $"${N(n)} = {Factorization(n)}$").ToList();
        steps.Add($"Take each prime to its highest power among these: ${Factorization(lcm)} = {N(lcm)}$.");
        return new($"What is the least common multiple of {JoinWords(numbers.Select(n => $"${N(n)}$").ToList())}?", steps, N(lcm));
    }

    private static ProblemDraft Remainder(ProblemRng rng, Difficulty d)
    {
        if (d == Difficulty.Easy)
        {
            int n = rng.Next(20, 999), m = rng.Next(3, 12);
            return new($"What is the remainder when ${N(n)}$ is divided by ${N(m)}$?",
            [
                $"${N(n)} = {N(n / m)} \\cdot {N(m)} + {N(n % m)}$, and $0 \\le {N(n % m)} < {N(m)}$.",
            ], N(n % m));
        }

        var (aMax, nLo, nHi, mHi) = d == Difficulty.Medium ? (20, 5, 30, 13) : (99, 50, 2000, 50);
        int exponent = rng.Next(nLo, nHi), modulus = rng.Next(3, mHi), a;
        // A base divisible by the modulus makes every power 0: no problem at all.
        do { a = rng.Next(2, aMax); } while (a % modulus == 0);
        // Residues of a^1, a^2, ... until one repeats; from there the sequence is periodic.
        var residues = new List<long>();
        var firstSeen = new Dictionary<long, int>();
        long r = a % modulus;
        while (!firstSeen.ContainsKey(r))
        {
            firstSeen[r] = residues.Count + 1;
            residues.Add(r);
            r = r * a % modulus;
        }
        int cycleStart = firstSeen[r], period = residues.Count + 1 - cycleStart;
        var reduced = exponent < cycleStart ? exponent : cycleStart + (exponent - cycleStart) % period;
        var answer = residues[reduced - 1];
        var shown = string.Join(", ", residues.Select((x, i) => $"{N(a)}^{{{N(i + 1)}}} \\equiv {N(x)}"));
        return new($"What is the remainder when ${N(a)}^{{{N(exponent)}}}$ is divided by ${N(modulus)}$?",
        [
            $"Work modulo ${N(modulus)}$: ${shown}$.",
            $"After that the residues repeat with period ${N(period)}$, starting from exponent ${N(cycleStart)}$.",
            $"Since ${N(exponent)}$ lands on the same place in the cycle as ${N(reduced)}$, ${N(a)}^{{{N(exponent)}}} \\equiv {N(a)}^{{{N(reduced)}}} \\equiv {N(answer)} \\pmod{{{N(modulus)}}}$.",
        ], N(answer));
    }

    private static ProblemDraft Divisors(ProblemRng rng, Difficulty d)
    {
        var (lo, hi) = d switch { Difficulty.Easy => (12, 100), Difficulty.Medium => (100, 10000), _ => (24, 2000) };
        long n;
        IReadOnlyList<(long Prime, int Exponent)> factors;
        do
        {
            n = rng.Next(lo, hi);
            factors = IntMath.Factorize(n);
        } while (factors.Count < 2 && factors[0].Exponent < 2);

        if (d != Difficulty.Hard)
        {
            var count = factors.Aggregate(1L, (acc, f) => acc * (f.Exponent + 1));
            return new($"How many positive divisors does ${N(n)}$ have?",
            [
                $"Factor: ${N(n)} = {Factorization(n)}$.",
                $"A divisor picks each prime's exponent from $0$ up to its exponent, so the count is ${string.Join(" \\cdot ", factors.Select(f => $"({N(f.Exponent)} + 1)"))} = {N(count)}$.",
            ], N(count));
        }

        var parts = factors.Select(f => (f, Sum: Enumerable.Range(0, f.Exponent + 1).Sum(e => IntMath.Pow(f.Prime, e)))).ToList();
        var sigma = parts.Aggregate(1L, (acc, p) => acc * p.Sum);
        return new($"What is the sum of all positive divisors of ${N(n)}$?",
        [
            $"Factor: ${N(n)} = {Factorization(n)}$.",
            $"The divisor sum is multiplicative: {string.Join("; ", parts.Select(p => $"for ${N(p.f.Prime)}$ the powers sum to ${string.Join(" + ", Enumerable.Range(0, p.f.Exponent + 1).Select(e => N(IntMath.Pow(p.f.Prime, e))))} = {N(p.Sum)}$"))}.",
            $"Multiply: ${string.Join(" \\cdot ", parts.Select(p => N(p.Sum)))} = {N(sigma)}$.",
        ], N(sigma));
    }

    private static ProblemDraft LinearCongruence(ProblemRng rng, Difficulty d)
    {
        var (lo, hi) = d switch { Difficulty.Easy => (5, 11), Difficulty.Medium => (12, 30), _ => (31, 100) };
        var m = rng.Next(lo, hi);
        int a;
        do { a = rng.Next(2, m - 1); } while (IntMath.Gcd(a, m) != 1);
        var b = rng.Next(1, m - 1);
        var inverse = Enumerable.Range(1, m - 1).First(i => (long)a * i % m == 1);
        var x = (long)b * inverse % m;
        return new($"Find the smallest positive integer $x$ such that ${N(a)}x \\equiv {N(b)} \\pmod{{{N(m)}}}$.",
        [
            $"Since $\\gcd({N(a)}, {N(m)}) = 1$, ${N(a)}$ has an inverse modulo ${N(m)}$: ${N(a)} \\cdot {N(inverse)} = {N((long)a * inverse)} \\equiv 1 \\pmod{{{N(m)}}}$.",
            $"Multiply both sides by ${N(inverse)}$: $x \\equiv {N(b)} \\cdot {N(inverse)} = {N((long)b * inverse)} \\equiv {N(x)} \\pmod{{{N(m)}}}$.",
            $"The smallest positive solution is $x = {N(x)}$.",
        ], N(x));
    }

    /// <summary>"a and b" or "a, b, and c".</summary>
    internal static string JoinWords(IReadOnlyList<string> parts) => parts.Count switch
    {
        1 => parts[0],
        2 => $"{parts[0]} and {parts[1]}",
        _ => string.Join(", ", parts.Take(parts.Count - 1)) + ", and " + parts[^1],
    };
}
