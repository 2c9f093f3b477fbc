using Lineage.Filters.Rules;

namespace Lineage.Filters.Tests.Rules;

[Trait("Category", "Unit")]
public class the_length_rule
{
    [Fact]
    public void counts_characters_as_unicode_scalar_values_not_utf16_units()
    {
        var decision = LengthRule.Decide("😀ab", new LengthLimits { MaxChars = 2 });

        Assert.Equal(new LengthDecision(false, 3, null, "chars", 3, "max", 2), decision);
        Assert.Equal("3 chars is above the maximum 2", decision.Reason);
    }

    [Fact]
    public void counts_whitespace_separated_words_as_tokens_unless_given_a_token_counter()
    {
        var limits = new LengthLimits { MinTokens = 4 };

        var byWords = LengthLimitsCheck("three short words", limits, null);
        var byCharacters = LengthLimitsCheck("three short words", limits, text => text.Length);

        Assert.Equal(("tokens", 3L, "min", 4L), byWords);
        Assert.Null(byCharacters.Unit);
    }

    [Fact]
    public void keeps_text_within_all_bounds_and_reports_its_lengths()
    {
        var decision = LengthRule.Decide("a b c d", new LengthLimits { MinChars = 3, MaxChars = 10, MinTokens = 2, MaxTokens = 4 });

        Assert.True(decision.Keep);
        Assert.Equal(7, decision.Chars);
        Assert.Equal(4, decision.Tokens);
    }

    [Fact]
    public void reports_the_first_violated_bound_in_a_fixed_order()
    {
        var decision = LengthRule.Decide("ab", new LengthLimits { MinChars = 5, MinTokens = 3 });
        Assert.Equal(("chars", "min", 5L), (decision.Unit, decision.Bound, decision.Limit));
    }

    private static (string? Unit, long? Length, string? Bound, long? Limit) LengthLimitsCheck(
        string text, LengthLimits limits, Func<string, int>? counter)
    {
        var d = LengthRule.Decide(text, limits, counter);
        return (d.Unit, d.Length, d.Bound, d.Limit);
    }
}
