using Lineage.Filters.Rules;
using Lineage.Domain.Pipelines;

namespace Lineage.Filters.Tests.Rules;

[Trait("Category", "Unit")]
public class LengthRuleSpecs
{
    private static readonly LengthRule Rule = new(new LengthBounds { MinChars = 10, MaxChars = 20 });

    private static Candidate OfLength(int problem, int solution) => new("x", new string('p', problem), new string('s', solution), "1");

    [Fact]
    public void the_length_is_problem_plus_solution_and_is_kept_as_evidence()
    {
        var verdict = Rule.Judge(OfLength(6, 7));
        Assert.True(verdict.Keep);
        Assert.Equal((13, 10, 20), (verdict.Recorded().Length, verdict.Recorded().MinLength, verdict.Recorded().MaxLength));
        Assert.Equal("length 13 within 10..20", verdict.Reason);
    }

    [Theory]
    [InlineData(4, 6)]
    [InlineData(10, 10)]
    public void the_bounds_are_inclusive(int problem, int solution)
    {
        Assert.True(Rule.Judge(OfLength(problem, solution)).Keep);
    }

    [Fact]
    public void one_character_under_the_minimum_is_dropped_as_too_short()
    {
        var verdict = Rule.Judge(OfLength(4, 5));
        Assert.False(verdict.Keep);
        Assert.Equal("too short: 9 characters < minimum 10", verdict.Reason);
        Assert.Equal(9, verdict.Recorded().Length);
    }

    [Fact]
    public void one_character_over_the_maximum_is_dropped_as_too_long()
    {
        var verdict = Rule.Judge(OfLength(11, 10));
        Assert.False(verdict.Keep);
        Assert.Equal("too long: 21 characters > maximum 20", verdict.Reason);
        Assert.Equal((21, 20), (verdict.Recorded().Length, verdict.Recorded().MaxLength));
    }

    [Fact]
    public void characters_are_unicode_scalar_values_not_utf16_units()
    {
        // "😀" is two UTF-16 units but one scalar value: 1 + 9 = 10 characters, at the lower bound.
        var verdict = Rule.Judge(new Candidate("x", "😀", new string('s', 9), "1"));
        Assert.True(verdict.Keep);
        Assert.Equal(10, verdict.Recorded().Length);
    }
}
