using System.Security.Cryptography;
using System.Text;
using Lineage.Filters.Rules;

namespace Lineage.Filters.Tests.Rules;

[Trait("Category", "Unit")]
public class the_exact_duplicate_rule
{
    [Theory]
    [InlineData("What is 2+2?", "  what IS\t2+2 ?? ")]
    [InlineData("Janet’s ducks", "janet's ducks")]
    [InlineData("She has １６ eggs.", "she has 16 eggs")]
    [InlineData("x = 3; y = 4", "X = 3, Y = 4!")]
    public void treats_texts_differing_only_in_case_spacing_punctuation_or_width_as_copies(string a, string b)
    {
        Assert.Equal(ExactDuplicateRule.Fingerprint(a), ExactDuplicateRule.Fingerprint(b));
    }

    [Theory]
    [InlineData("5-3", "53")]
    [InlineData("2+2", "2-2")]
    [InlineData("costs $5", "costs 5")]
    [InlineData("What is -3 times 4?", "What is 3 times 4?")]
    [InlineData("What is 5% of 20?", "What is 5 of 20?")]
    [InlineData("Compute (2)(3).", "Compute 23.")]
    public void keeps_texts_apart_when_punctuation_separates_words_or_symbols_differ(string a, string b)
    {
        Assert.NotEqual(ExactDuplicateRule.Fingerprint(a), ExactDuplicateRule.Fingerprint(b));
    }

    [Fact]
    public void fingerprints_the_sha256_of_the_normalised_utf8_text()
    {
        string expected = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes("héllo world 5-3")));
        Assert.Equal(expected, ExactDuplicateRule.Fingerprint("  Héllo,  WORLD: 5-3. "));
    }

    [Fact]
    public void keeps_the_copy_whose_id_sorts_first_whatever_the_arrival_order()
    {
        TextCandidate[] batch = [new("ex-b", "Hello, World"), new("ex-c", "Something else"), new("ex-a", "hello world!")];

        var decisions = ExactDuplicateRule.Decide(batch);
        var reversed = ExactDuplicateRule.Decide(batch.Reverse().ToArray());

        Assert.Equal([false, true, true], decisions.Select(d => d.Keep));
        Assert.Equal("ex-a", decisions[0].FirstCopyId);
        Assert.Null(decisions[2].FirstCopyId);
        Assert.Equal(decisions.OrderBy(d => d.Id), reversed.OrderBy(d => d.Id));
    }

    [Fact]
    public void drops_a_copy_of_a_text_kept_in_an_earlier_batch_naming_that_one()
    {
        var earlier = new Dictionary<string, string> { [ExactDuplicateRule.Fingerprint("hello world")] = "run1-0007" };
        var decisions = ExactDuplicateRule.Decide([new TextCandidate("run2-0001", "Hello world.")], earlier);

        Assert.False(decisions[0].Keep);
        Assert.Equal("run1-0007", decisions[0].FirstCopyId);
    }
}
