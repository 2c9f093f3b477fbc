using Lineage.Generators.Verification;

namespace Lineage.Generators.Tests.Verification;

[Trait("Category", "Unit")]
public class AnswerEquivalenceSpecs
{
    public static TheoryData<string, string> SameAnswer => new()
    {
        // numbers and fractions, exactly
        { "0.5", "\\frac{1}{2}" }, { "1/2", "\\frac{1}{2}" }, { "0.5", "1/2" }, { "3", "3.0" },
        { "3", "3.000" }, { "-0.25", "-\\frac{1}{4}" }, { "\\frac{-1}{4}", "-\\frac{1}{4}" }, { "\\frac{1}{-4}", "-0.25" },
        { "\\dfrac{3}{8}", "\\frac{3}{8}" }, { "\\tfrac{3}{8}", "0.375" }, { "\\frac{6}{16}", "\\frac{3}{8}" }, { "\\frac12", "\\frac{1}{2}" },
        { "\\frac{10}{5}", "2" }, { ".5", "0.5" }, { "+7", "7" }, { "007", "7" },
        { "2\\frac{1}{2}", "\\frac{5}{2}" }, { "-2\\frac{1}{2}", "-2.5" }, { "\\frac{1}{2}+\\frac{1}{3}", "\\frac{5}{6}" }, { "1.25", "\\frac{5}{4}" },
        // thousands separators, currency, units, degrees, percent
        { "1,000", "1000" }, { "1{,}000", "1000" }, { "12,345,678", "12345678" }, { "1\\,000", "1000" },
        { "\\$5", "5" }, { "$5$", "5" }, { "5 dollars", "5" }, { "\\$1,250.50", "1250.5" },
        { "12 cm", "12" }, { "12\\text{ cm}", "12" }, { "12 \\text{cm}^2", "12" }, { "7\\mbox{ meters}", "7" },
        { "5 square meters", "5" }, { "30^\\circ", "30" }, { "30^{\\circ}", "30" }, { "30°", "30" },
        // math-verify reads x% as x/100 (50% is 0.5); a bare percentage also matches its digits, since the
        // text it falls back to is the number without the sign
        { "45 degrees", "45" }, { "50\\%", "0.5" }, { "50%", "\\frac{1}{2}" }, { "50\\%", "50" }, { "3 hours", "3" },
        // delimiters, spacing, boxes, trailing period, assignments
        { "\\left(1, 2\\right)", "(1,2)" }, { "\\boxed{4}", "4" }, { "\\( 4 \\)", "4" }, { "4.", "4" },
        { "x = 5", "5" }, { "x=\\frac{1}{2}", "0.5" }, { "\\displaystyle \\frac{1}{2}", "1/2" }, { "2\\!\\cdot\\!3", "6" },
        { "−3", "-3" }, { "\\textbf{7}", "\\text{7}" },
        // expressions: order of terms, implicit products, powers, roots, pi
        { "2x+1", "1+2x" }, { "x^2+2x+1", "(x+1)^2" }, { "2(x+3)", "2x+6" }, { "2xy", "2yx" },
        { "3\\cdot 4", "12" }, { "2\\times 3", "6" }, { "6 \\div 4", "\\frac{3}{2}" }, { "x^{2}", "x\\cdot x" },
        { "\\frac{x}{2}", "0.5x" }, { "\\frac{1}{x}", "x^{-1}" }, { "\\sqrt{8}", "2\\sqrt{2}" }, { "\\sqrt{52}", "2\\sqrt{13}" },
        { "\\frac{\\sqrt{2}}{2}", "\\frac{1}{\\sqrt{2}}" }, { "\\sqrt{2}\\sqrt{3}", "\\sqrt{6}" }, { "\\sqrt{\\frac{1}{4}}", "\\frac{1}{2}" }, { "\\sqrt{2}^2", "2" },
        { "\\sqrt2", "\\sqrt{2}" }, { "4^{1/2}", "2" }, { "\\frac{25\\pi}{2}", "\\frac{25}{2}\\pi" }, { "12\\pi", "\\pi \\cdot 12" },
        { "\\pi r^2", "r^2\\pi" }, { "π", "\\pi" }, { "2^{10}", "1024" }, { "10^{-2}", "0.01" },
        { "(2x+1)-(x-1)", "x+2" }, { "a-b", "-b+a" },
        // tuples, intervals, sets, lists, equations
        { "(1, 2)", "(1,2)" }, { "(0.5, -3)", "(\\frac{1}{2},-3)" }, { "[1, 2)", "[1,2)" }, { "\\{1, 2, 3\\}", "\\{3,2,1\\}" },
        { "\\{2, 2, 1\\}", "\\{1,2\\}" }, { "1, 2", "2, 1" }, { "(1, 2)", "\\{1, 2\\}" }, { "(1, (2, 3))", "(1,(2,3))" }, { "2x+3y=6", "3y+2x=6" },
        { "x+y=1", "2x+2y=2" },
        // text answers
        { "Yes", "yes" }, { "\\text{No solution}", "no solution" }, { "(A)", "(A)" },
    };

    public static TheoryData<string, string> DifferentAnswer => new()
    {
        { "0.5", "\\frac{1}{3}" }, { "3", "3.01" }, { "1/2", "2" }, { "-1", "1" }, { "\\frac{3}{8}", "\\frac{8}{3}" },
        { "0.333", "\\frac{1}{3}" }, { "2\\frac{1}{2}", "1" }, { "1,000", "1" }, { "1000", "100" }, { "12", "1.2" },
        { "50\\%", "5" }, { "$50\\%$", "$50$" }, { "\\textbf{7}", "7" }, { "2x+1", "2x-1" }, { "2x+1", "x+2" }, { "x^2", "2x" }, { "x^2+1", "(x+1)^2" },
        { "\\sqrt{2}", "2" }, { "\\sqrt{2}", "1.41421" }, { "\\sqrt{8}", "4\\sqrt{2}" }, { "\\sqrt{2}", "\\sqrt{3}" }, { "\\pi", "3.14159" },
        { "12\\pi", "12" }, { "\\frac{\\pi}{2}", "2\\pi" }, { "x", "y" }, { "xy", "x+y" }, { "a-b", "b-a" },
        { "(1, 2)", "(2, 1)" }, { "(1, 2)", "[1, 2]" }, { "[1, 2)", "[1, 2]" }, { "(1, 2)", "\\{1, 3\\}" }, { "(1, 2, 3)", "(1, 2)" },
        { "\\{1, 2\\}", "\\{1, 3\\}" }, { "1, 2", "1, 2, 3" }, { "y=2x+1", "y=2x-1" }, { "y=x", "y=2x" }, { "Yes", "No" },
        { "(A)", "(B)" }, { "\\sin x", "\\cos x" }, { "5", "" }, { "", "" }, { "x=5", "x=6" },
        { "10^{-2}", "0.1" }, { "2^{10}", "1000" }, { "\\frac{1}{x+1}", "\\frac{1}{x}+1" }, { "-\\frac{1}{4}", "\\frac{1}{4}" }, { "1.5", "1.05" },
    };

    [Theory]
    [MemberData(nameof(SameAnswer))]
    public void answers_written_differently_but_meaning_the_same_are_equivalent(string a, string b)
    {
        Assert.True(AnswerEquivalence.AreEquivalent(a, b), $"{a} | {b}: {AnswerEquivalence.CanonicalForm(a)} vs {AnswerEquivalence.CanonicalForm(b)}");
        Assert.True(AnswerEquivalence.AreEquivalent(b, a), "equivalence must be symmetric");
    }

    [Theory]
    [MemberData(nameof(DifferentAnswer))]
    public void answers_with_different_values_are_not_equivalent(string a, string b)
    {
        Assert.False(AnswerEquivalence.AreEquivalent(a, b), $"{a} | {b}: {AnswerEquivalence.CanonicalForm(a)}");
        Assert.False(AnswerEquivalence.AreEquivalent(b, a), "equivalence must be symmetric");
    }

    [Fact]
    public void the_lists_hold_at_least_a_hundred_hand_written_pairs()
    {
        Assert.True(SameAnswer.Count() + DifferentAnswer.Count() >= 100);
    }

    [Fact]
    public void a_missing_answer_is_equivalent_to_nothing_not_even_another_missing_one()
    {
        Assert.False(AnswerEquivalence.AreEquivalent(null, null));
        Assert.Null(AnswerEquivalence.CanonicalForm("  "));
    }

    [Fact]
    public void every_procedural_answer_is_equivalent_to_itself_rewritten_as_a_decimal_or_with_spaces()
    {
        foreach (var i in Enumerable.Range(0, 300))
        {
            var p = Lineage.Generators.Procedural.ProceduralMathGenerator.Generate(13, i);
            Assert.NotNull(AnswerEquivalence.CanonicalForm(p.Answer));
            Assert.True(AnswerEquivalence.AreEquivalent(p.Answer, " " + p.Answer.Replace(",", " , ") + " "), p.Answer);
            Assert.True(AnswerEquivalence.AreEquivalent(p.Answer, BoxedAnswer.ExtractLast(p.Solution)), p.Answer);
        }
    }

    [Fact]
    public void a_runaway_deeply_nested_answer_is_compared_as_text_without_overflowing_the_stack()
    {
        var deep = new string('(', 100_000) + "1" + new string(')', 100_000);
        Assert.True(AnswerEquivalence.AreEquivalent(deep, deep));
        Assert.False(AnswerEquivalence.AreEquivalent(deep, "1"));
    }

    [Fact]
    public void nesting_within_the_structured_limit_still_parses_to_the_value()
    {
        var nested = new string('(', 200) + "2" + new string(')', 200);
        Assert.True(AnswerEquivalence.AreEquivalent(nested, "2"));
    }
}
