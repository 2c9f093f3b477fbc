using System.Numerics;
using System.Text.RegularExpressions;
using Lineage.Generators.Procedural;
using static Lineage.Generators.Tests.Procedural.ProblemText;

namespace Lineage.Generators.Tests.Procedural;

/// <summary>
/// Each test reads the numbers back out of the problem text and solves it
/// another way (brute force, substitution, a different formula), so a wrong
/// template shows up as a mismatch rather than agreeing with itself.
/// </summary>
[Trait("Category", "Unit")]
public class AnswerDerivationSpecs
{
    private static List<ProceduralProblem> Problems(string templateId, int count = 150)
    {
        var problems = Enumerable.Range(0, 4000)
            .Select(i => ProceduralMathGenerator.Generate(2718, i, family: templateId.Split('.')[0]))
            .Where(p => p.TemplateId == templateId)
            .Take(count)
            .ToList();
        // Guards against a renamed template silently turning a spec into a no-op.
        Assert.Equal(count, problems.Count);
        return problems;
    }

    private static (BigInteger, BigInteger) Reduced(BigInteger n, BigInteger d)
    {
        if (d.Sign < 0) (n, d) = (-n, -d);
        var g = BigInteger.GreatestCommonDivisor(n, d);
        return (n / g, d / g);
    }

    [Fact]
    public void linear_equation_answers_satisfy_the_equation()
    {
        Assert.All(Problems("algebra.linear-equation.v1"), p =>
        {
            var m = Require(p.Problem, @"Solve for \$(?<v>\w)\$: \$ (?<lhs>[^=]+) = (?<rhs>[^$]+) \$");
            var v = m.Groups["v"].Value;
            var (a, b) = LinearSide(m.Groups["lhs"].Value, v);
            var (c, e) = LinearSide(m.Groups["rhs"].Value, v);
            // ax + b = cx + e  =>  x = (e - b) / (a - c)
            Assert.Equal(Reduced(e - b, a - c), Fraction(p.Answer));
        });
    }

    [Fact]
    public void linear_system_answers_satisfy_both_equations()
    {
        Assert.All(Problems("algebra.linear-system.v1"), p =>
        {
            var equations = Regex.Matches(p.Problem, @"\$ ([^=$]+) = (-?\d+) \$").ToList();
            Assert.Equal(2, equations.Count);
            var pair = Require(p.Answer, @"^\((?<x>-?\d+), (?<y>-?\d+)\)$");
            long x = L(pair, "x"), y = L(pair, "y");
            foreach (var eq in equations)
            {
                var lhs = eq.Groups[1].Value;
                var parts = Regex.Match(lhs.Replace(" ", ""), @"^(?<a>-?\d*)x(?<b>[+-]\d*)y$");
                Assert.True(parts.Success, lhs);
                long Coef(string s) => s switch { "" or "+" => 1, "-" => -1, _ => long.Parse(s) };
                Assert.Equal(long.Parse(eq.Groups[2].Value), Coef(parts.Groups["a"].Value) * x + Coef(parts.Groups["b"].Value) * y);
            }
        });
    }

    [Fact]
    public void the_larger_root_of_an_easy_quadratic_solves_it_and_the_other_root_is_smaller()
    {
        var easy = Enumerable.Range(0, 3000)
            .Select(i => ProceduralMathGenerator.Generate(5, i, Difficulty.Easy, "algebra"))
            .Where(p => p.TemplateId == "algebra.quadratic-roots.v1").Take(100).ToList();
        Assert.NotEmpty(easy);
        Assert.All(easy, p =>
        {
            var m = Require(p.Problem, @"\$ x\^2 (?<b>[+-] \d+)x (?<c>[+-] \d+) = 0 \$");
            long b = long.Parse(m.Groups["b"].Value.Replace(" ", "")), c = long.Parse(m.Groups["c"].Value.Replace(" ", ""));
            var disc = b * b - 4 * c;
            var root = (long)Math.Round(Math.Sqrt(disc));
            Assert.Equal(disc, root * root);
            Assert.Equal(((-b + root) / 2).ToString(), p.Answer);
        });
    }

    [Fact]
    public void gcd_answers_divide_every_number_and_nothing_larger_does()
    {
        Assert.All(Problems("number-theory.gcd.v1"), p =>
        {
            var numbers = Integers(p.Problem);
            var g = long.Parse(p.Answer);
            Assert.All(numbers, n => Assert.Equal(0, n % g));
            Assert.DoesNotContain(Enumerable.Range((int)g + 1, (int)numbers.Min()), k => numbers.All(n => n % k == 0));
        });
    }

    [Fact]
    public void lcm_answers_are_the_first_common_multiple()
    {
        Assert.All(Problems("number-theory.lcm.v1"), p =>
        {
            var numbers = Integers(p.Problem);
            var first = Enumerable.Range(1, int.MaxValue - 1).Select(k => numbers.Max() * k).First(m => numbers.All(n => m % n == 0));
            Assert.Equal(first.ToString(), p.Answer);
        });
    }

    [Fact]
    public void remainders_of_powers_match_modular_exponentiation()
    {
        Assert.All(Problems("number-theory.remainder.v1"), p =>
        {
            var power = Regex.Match(p.Problem, @"\$(\d+)\^\{(\d+)\}\$ is divided by \$(\d+)\$");
            var plain = Regex.Match(p.Problem, @"when \$(\d+)\$ is divided by \$(\d+)\$");
            var expected = power.Success
                ? BigInteger.ModPow(BigInteger.Parse(power.Groups[1].Value), BigInteger.Parse(power.Groups[2].Value), BigInteger.Parse(power.Groups[3].Value))
                : BigInteger.Parse(plain.Groups[1].Value) % BigInteger.Parse(plain.Groups[2].Value);
            Assert.True(power.Success || plain.Success, p.Problem);
            Assert.Equal(expected.ToString(), p.Answer);
        });
    }

    [Fact]
    public void divisor_counts_and_sums_match_trial_division()
    {
        Assert.All(Problems("number-theory.divisors.v1"), p =>
        {
            var n = Integers(p.Problem).Single();
            var divisors = Enumerable.Range(1, (int)n).Where(k => n % k == 0).ToList();
            var expected = p.Problem.Contains("sum") ? divisors.Sum() : divisors.Count;
            Assert.Equal(expected.ToString(), p.Answer);
        });
    }

    [Fact]
    public void dice_probabilities_match_enumeration()
    {
        Assert.All(Problems("probability.dice.v1"), p =>
        {
            var m = Require(p.Problem, @"\$(?<k>\d)\$ fair dice, each with faces numbered \$1\$ to \$(?<f>\d+)\$.*sum is (?<how>exactly|at least) \$(?<t>\d+)\$");
            int k = (int)L(m, "k"), faces = (int)L(m, "f"), target = (int)L(m, "t");
            IEnumerable<int> sums = Enumerable.Range(1, faces);
            for (var i = 1; i < k; i++) sums = sums.SelectMany(s => Enumerable.Range(1, faces).Select(x => s + x));
            var all = sums.ToList();
            var hits = all.Count(s => m.Groups["how"].Value == "exactly" ? s == target : s >= target);
            Assert.Equal(Reduced(hits, all.Count), Fraction(p.Answer));
        });
    }

    [Fact]
    public void number_pick_probabilities_match_counting_one_by_one()
    {
        Assert.All(Problems("probability.number-pick.v1"), p =>
        {
            var n = L(Require(p.Problem, @"from \$1\$ to \$(?<n>\d+)\$"), "n");
            var divisors = Regex.Matches(p.Problem[p.Problem.IndexOf("divisible", StringComparison.Ordinal)..], @"\$(\d+)\$")
                .Select(x => long.Parse(x.Groups[1].Value)).ToList();
            var none = p.Problem.Contains("none of");
            var hits = Enumerable.Range(1, (int)n).Count(x => divisors.Any(d => x % d == 0) != none);
            Assert.Equal(Reduced(hits, n), Fraction(p.Answer));
        });
    }

    [Fact]
    public void coin_probabilities_match_enumerating_every_sequence()
    {
        Assert.All(Problems("probability.coins.v1"), p =>
        {
            var m = Require(p.Problem, @"flipped \$(?<n>\d+)\$ times.*getting (?<how>exactly|at least) \$(?<k>\d+)\$ heads");
            int n = (int)L(m, "n"), k = (int)L(m, "k");
            var hits = Enumerable.Range(0, 1 << n).Count(bits =>
                m.Groups["how"].Value == "exactly" ? BitOperations.PopCount((uint)bits) == k : BitOperations.PopCount((uint)bits) >= k);
            Assert.Equal(Reduced(hits, 1 << n), Fraction(p.Answer));
        });
    }

    private static BigInteger MonotonePaths(int right, int up)
    {
        var ways = new BigInteger[right + 1, up + 1];
        for (var i = 0; i <= right; i++)
        for (var j = 0; j <= up; j++)
            ways[i, j] = i == 0 && j == 0 ? 1 : (i > 0 ? ways[i - 1, j] : 0) + (j > 0 ? ways[i, j - 1] : 0);
        return ways[right, up];
    }

    [Fact]
    public void lattice_path_counts_match_dynamic_programming()
    {
        Assert.All(Problems("combinatorics.lattice-paths.v1"), p =>
        {
            var points = Regex.Matches(p.Problem, @"\((\d+), (\d+)\)").Select(x => (int.Parse(x.Groups[1].Value), int.Parse(x.Groups[2].Value))).ToList();
            var (a, b) = points[1];
            var expected = points.Count > 2
                ? MonotonePaths(points[2].Item1, points[2].Item2) * MonotonePaths(a - points[2].Item1, b - points[2].Item2)
                : MonotonePaths(a, b);
            Assert.Equal(expected.ToString(), p.Answer);
        });
    }

    [Fact]
    public void hypotenuses_square_back_to_the_sum_of_the_squared_legs()
    {
        Assert.All(Problems("geometry.right-triangle.v1"), p =>
        {
            var numbers = Integers(p.Problem);
            var m = Regex.Match(p.Answer, @"^(?<out>\d*)(\\sqrt\{(?<in>\d+)\})?$");
            Assert.True(m.Success, p.Answer);
            var outside = m.Groups["out"].Value == "" ? 1 : long.Parse(m.Groups["out"].Value);
            var inside = m.Groups["in"].Success ? long.Parse(m.Groups["in"].Value) : 1;
            var squared = outside * outside * inside;
            if (p.Problem.Contains("hypotenuse of a right triangle is"))
                Assert.Equal(numbers[0] * numbers[0] - numbers[1] * numbers[1], squared);
            else
                Assert.Equal(numbers[0] * numbers[0] + numbers[1] * numbers[1], squared);
            // Simplest radical form: no square factor left under the root.
            Assert.DoesNotContain(Enumerable.Range(2, 30), k => inside % (k * k) == 0);
        });
    }

    [Fact]
    public void coordinate_triangle_areas_match_half_the_cross_product()
    {
        Assert.All(Problems("geometry.triangle-area.v1"), p =>
        {
            var points = Regex.Matches(p.Problem, @"\((-?\d+), (-?\d+)\)").Select(x => (X: long.Parse(x.Groups[1].Value), Y: long.Parse(x.Groups[2].Value))).ToList();
            if (points.Count == 0) return; // base-and-height version: covered by the boxed-answer spec
            var (a, b, c) = (points[0], points[1], points[2]);
            var cross = (b.X - a.X) * (c.Y - a.Y) - (c.X - a.X) * (b.Y - a.Y);
            Assert.Equal(Reduced(Math.Abs(cross), 2), Fraction(p.Answer));
        });
    }
}
