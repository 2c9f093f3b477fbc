using System.Numerics;

namespace Lineage.Generators.Procedural;

/// <summary>Small exact integer helpers shared by the templates.</summary>
internal static class IntMath
{
    public static long Gcd(long a, long b)
    {
        a = Math.Abs(a); b = Math.Abs(b);
        while (b != 0) (a, b) = (b, a % b);
        return a;
    }

    public static long Lcm(long a, long b) => a / Gcd(a, b) * b;

    public static BigInteger Factorial(int n)
    {
        BigInteger result = 1;
        for (var i = 2; i <= n; i++) result *= i;
        return result;
    }

    public static BigInteger Binomial(int n, int k)
    {
        if (k < 0 || k > n) return 0;
        k = Math.Min(k, n - k);
        BigInteger result = 1;
        for (var i = 1; i <= k; i++) result = result * (n - k + i) / i;
        return result;
    }

    /// <summary>n(n-1)...(n-k+1): ordered selections of k from n.</summary>
    public static BigInteger Permutations(int n, int k)
    {
        BigInteger result = 1;
        for (var i = 0; i < k; i++) result *= n - i;
        return result;
    }

    /// <summary>Prime factorisation as ascending (prime, exponent) pairs.</summary>
    public static IReadOnlyList<(long Prime, int Exponent)> Factorize(long n)
    {
        var factors = new List<(long, int)>();
        for (long p = 2; p * p <= n; p++)
        {
            var e = 0;
            while (n % p == 0) { n /= p; e++; }
            if (e > 0) factors.Add((p, e));
        }
        if (n > 1) factors.Add((n, 1));
        return factors;
    }

    /// <summary>n = outside^2 * inside with inside square-free.</summary>
    public static (long Outside, long Inside) SplitSquare(long n)
    {
        long outside = 1, inside = 1;
        foreach (var (p, e) in Factorize(n))
        {
            for (var i = 0; i < e / 2; i++) outside *= p;
            if (e % 2 == 1) inside *= p;
        }
        return (outside, inside);
    }

    public static long PowMod(long a, long n, long m)
    {
        long result = 1 % m, b = ((a % m) + m) % m;
        while (n > 0)
        {
            if ((n & 1) == 1) result = result * b % m;
            b = b * b % m;
            n >>= 1;
        }
        return result;
    }

    public static long Pow(long b, int exponent)
    {
        long result = 1;
        for (var i = 0; i < exponent; i++) result *= b;
        return result;
    }
}
