using System.Text;
using Lineage.Proxy.Tokenization;

namespace Lineage.Proxy.Tests.Tokenization;

[Trait("Category", "Unit")]
public class Gpt2TokenizerTests
{
    private static readonly ReferenceFile Reference = TokenizerFixtures.Reference("gpt2-reference.json");
    private static Gpt2Tokenizer Gpt2 => Gpt2Tokenizer.Instance;

    [Fact]
    public void encodes_reference_strings_like_openai_tiktoken()
    {
        ReferenceComparison.AssertEncodesLikeReference(Gpt2, Reference);
    }

    [Fact]
    public void encodes_the_textbook_example()
    {
        Assert.Equal([15496, 995], Gpt2.Encode("Hello world"));
    }

    [Fact]
    public void end_of_text_is_the_last_id()
    {
        Assert.Equal([Gpt2.EndOfTextId], Gpt2.Encode(Gpt2Tokenizer.EndOfText));
        Assert.Equal(Gpt2.VocabSize - 1, Gpt2.EndOfTextId);
    }

    [Fact]
    public void decoding_an_encoding_gives_back_the_text()
    {
        foreach (var c in Reference.Cases.Where(c => !c.Text.Contains('\uFFFD')))
            Assert.True(c.Text == Gpt2.Decode(Gpt2.Encode(c.Text)), $"round trip of {ReferenceComparison.Escaped(c.Text)}");
    }

    [Fact]
    public void its_id_names_the_embedded_vocabulary()
    {
        Assert.Matches("^gpt2-tiktoken:[0-9a-f]{16}$", Gpt2.Id);
    }
}
