using Lineage.Filters.Rules;

namespace Lineage.Filters.Tests.Rules;

[Trait("Category", "Unit")]
public class DuplicateRuleSpecs
{
    private static Candidate C(string id, string problem) => new(id, problem, "solution", "1");

    [Fact]
    public void a_copy_of_a_pool_example_is_dropped_with_the_pool_example_as_evidence()
    {
        var rule = new DuplicateRule([C("pool-1", "What is 2 + 2?")]);
        var verdict = rule.Judge(C("new", "What is 2 + 2?"));
        Assert.False(verdict.Keep);
        Assert.Equal("pool-1", verdict.Recorded().DuplicateOf);
        Assert.Contains("pool-1", verdict.Reason);
    }

    [Theory]
    [InlineData("what is 2 + 2?")]
    [InlineData("  What   is\t2 +\n2 ?  ")]
    [InlineData("What is 2 + 2!")]
    [InlineData("What, is 2 + 2?")]
    public void case_whitespace_and_punctuation_do_not_hide_a_copy(string copy)
    {
        var rule = new DuplicateRule([C("pool-1", "What is 2 + 2?")]);
        Assert.False(rule.Judge(C("new", copy)).Keep);
    }

    [Theory]
    [InlineData("What is 3/4 of 8?", "What is 34 of 8?")]
    [InlineData("What is 5% of 20?", "What is 5 of 20?")]
    [InlineData("Compute (2)(3).", "Compute 23.")]
    [InlineData("What is 7 - 2?", "What is 7 2?")]
    [InlineData("What is 2 + 2?", "What is 2 + 3?")]
    public void math_symbols_and_numbers_still_tell_problems_apart(string first, string second)
    {
        var rule = new DuplicateRule([C("pool-1", first)]);
        Assert.True(rule.Judge(C("new", second)).Keep);
    }

    [Fact]
    public void only_admitted_candidates_are_remembered_and_the_first_copy_stays_the_original()
    {
        var rule = new DuplicateRule([]);
        Assert.True(rule.Judge(C("a", "Same problem")).Keep);
        Assert.True(rule.Judge(C("b", "Same problem")).Keep);
        rule.Admit(C("a", "Same problem"));
        rule.Admit(C("b", "Same problem"));
        Assert.Equal("a", rule.Judge(C("c", "same problem")).Recorded().DuplicateOf);
    }

    [Fact]
    public void the_key_is_the_sha256_of_the_lower_cased_text_with_collapsed_spaces_and_no_trailing_question_mark()
    {
        Assert.Equal(
            Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData("what is 2 + 2"u8)),
            DuplicateRule.Fingerprint(" What  IS 2 + 2? "));
    }
}
