using System.Globalization;
using System.Text.RegularExpressions;
using Lineage.Generators.Procedural;

namespace Lineage.Generators.Tests.Procedural;

[Trait("Category", "Unit")]
public class ProceduralMathGeneratorSpecs
{
    private static List<ProceduralProblem> Draw(long seed, int count, Difficulty? d = null, string? family = null) =>
        Enumerable.Range(0, count).Select(i => ProceduralMathGenerator.Generate(seed, i, d, family)).ToList();

    [Fact]
    public void the_same_seed_and_index_give_the_same_problem()
    {
        Assert.Equal(Draw(123, 300), Draw(123, 300));
    }

    [Fact]
    public void a_different_seed_gives_different_problems()
    {
        var a = Draw(1, 200).Select(p => p.Problem);
        var b = Draw(2, 200).Select(p => p.Problem);
        Assert.True(a.Zip(b).Count(pair => pair.First != pair.Second) > 150);
    }

    [Fact]
    public void output_does_not_depend_on_the_current_culture()
    {
        var invariant = Draw(77, 400);
        var previous = CultureInfo.CurrentCulture;
        try
        {
            // Swedish formats negative numbers with U+2212, not '-': any culture-sensitive formatting shows up here.
            CultureInfo.CurrentCulture = new CultureInfo("sv-SE");
            Assert.Equal(invariant, Draw(77, 400));
        }
        finally
        {
            CultureInfo.CurrentCulture = previous;
        }
    }

    [Fact]
    public void a_problem_records_its_seed_and_index_so_it_can_be_regenerated()
    {
        var problem = ProceduralMathGenerator.Generate(-9, 41);
        Assert.Equal((-9L, 41), (problem.Seed, problem.Index));
        Assert.Equal(problem, ProceduralMathGenerator.Generate(problem.Seed, problem.Index));
    }

    [Fact]
    public void fixing_the_difficulty_does_not_change_the_template_that_would_be_drawn()
    {
        foreach (var i in Enumerable.Range(0, 50))
        {
            var free = ProceduralMathGenerator.Generate(8, i);
            var fixedLevel = ProceduralMathGenerator.Generate(8, i, free.Difficulty);
            Assert.Equal(free, fixedLevel);
        }
    }

    [Fact]
    public void every_family_and_every_template_appears_in_a_few_thousand_draws()
    {
        var problems = Draw(2024, 3000);
        Assert.Equal(6, ProceduralMathGenerator.Families.Count);
        Assert.Equal(ProceduralMathGenerator.Families.ToHashSet(), problems.Select(p => p.Family).ToHashSet());
        Assert.Equal(ProceduralMathGenerator.TemplateIds.ToHashSet(), problems.Select(p => p.TemplateId).ToHashSet());
        Assert.Equal([Difficulty.Easy, Difficulty.Medium, Difficulty.Hard], problems.Select(p => p.Difficulty).Distinct().Order());
    }

    [Theory]
    [InlineData("arithmetic")]
    [InlineData("algebra")]
    [InlineData("number-theory")]
    [InlineData("combinatorics")]
    [InlineData("probability")]
    [InlineData("geometry")]
    public void a_requested_family_and_difficulty_are_honoured(string family)
    {
        var problems = Draw(5, 100, Difficulty.Hard, family);
        Assert.All(problems, p => Assert.Equal((family, Difficulty.Hard), (p.Family, p.Difficulty)));
        Assert.All(problems, p => Assert.StartsWith(family + ".", p.TemplateId));
    }

    [Fact]
    public void an_unknown_family_is_rejected_with_the_known_ones_listed()
    {
        var error = Assert.Throws<ArgumentException>(() => ProceduralMathGenerator.Generate(1, 1, family: "topology"));
        Assert.Contains("number-theory", error.Message);
    }

    [Fact]
    public void every_solution_ends_with_the_answer_boxed()
    {
        Assert.All(Draw(31, 2000), p =>
            Assert.EndsWith($"\\boxed{{{p.Answer}}}$.", p.Solution));
    }

    private static readonly Regex CanonicalAnswer = new(
        @"^(-?\d+|-?\\frac\{\d+\}\{\d+\}|\(-?\d+, -?\d+\)|\d*\\sqrt\{\d+\}|\d*\\pi|\\frac\{\d*\\pi\}\{\d+\})$");

    [Fact]
    public void answers_are_exact_in_one_canonical_form_with_fractions_in_lowest_terms()
    {
        Assert.All(Draw(32, 2000), p =>
        {
            Assert.Matches(CanonicalAnswer, p.Answer);
            var fraction = Regex.Match(p.Answer, @"\\frac\{(\d*)(?:\\pi)?\}\{(\d+)\}");
            if (fraction.Success)
            {
                var gcd = System.Numerics.BigInteger.GreatestCommonDivisor(
                    System.Numerics.BigInteger.Parse(fraction.Groups[1].Value == "" ? "1" : fraction.Groups[1].Value),
                    System.Numerics.BigInteger.Parse(fraction.Groups[2].Value));
                Assert.True(gcd.IsOne, $"{p.Answer} is not in lowest terms");
                Assert.NotEqual("1", fraction.Groups[2].Value);
            }
        });
    }

    [Fact]
    public void a_few_thousand_draws_have_few_exact_duplicates_and_hard_ones_fewer_still()
    {
        var problems = Draw(99, 3000);
        Assert.True(problems.Select(p => p.Problem).Distinct().Count() > 0.8 * problems.Count);
        var hard = problems.Where(p => p.Difficulty == Difficulty.Hard).ToList();
        Assert.True(hard.Select(p => p.Problem).Distinct().Count() > 0.9 * hard.Count);
    }

    [Theory]
    [InlineData("arithmetic")]
    [InlineData("algebra")]
    [InlineData("number-theory")]
    [InlineData("combinatorics")]
    [InlineData("probability")]
    [InlineData("geometry")]
    public void harder_levels_need_longer_worked_solutions(string family)
    {
        double MeanLength(Difficulty d) => Draw(3, 300, d, family).Average(p => p.Solution.Length);
        var (easy, medium, hard) = (MeanLength(Difficulty.Easy), MeanLength(Difficulty.Medium), MeanLength(Difficulty.Hard));
        Assert.True(easy < medium && medium < hard, $"{family}: {easy:F0} / {medium:F0} / {hard:F0}");
    }

    [Theory]
    [InlineData("arithmetic")]
    [InlineData("algebra")]
    [InlineData("number-theory")]
    public void harder_levels_use_larger_numbers(string family)
    {
        double MeanLargest(Difficulty d) => Draw(4, 300, d, family)
            .Average(p => ProblemText.Integers(p.Problem).Select(Math.Abs).DefaultIfEmpty(0).Max());
        var (easy, medium, hard) = (MeanLargest(Difficulty.Easy), MeanLargest(Difficulty.Medium), MeanLargest(Difficulty.Hard));
        Assert.True(easy < medium && easy < hard, $"{family}: {easy:F0} / {medium:F0} / {hard:F0}");
    }
}
