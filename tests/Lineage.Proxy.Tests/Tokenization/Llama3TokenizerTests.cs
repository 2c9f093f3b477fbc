using Lineage.Proxy.Tokenization;

namespace Lineage.Proxy.Tests.Tokenization;

[Trait("Category", "Unit")]
public class Llama3TokenizerTests
{
    private static readonly ReferenceFile Reference = TokenizerFixtures.Reference("llama3-reference.json");
    private static Llama3Tokenizer Llama3 => TokenizerFixtures.Llama3;

    [Fact]
    public void encodes_every_reference_string_exactly_like_the_js_tokenizer() =>
        ReferenceComparison.AssertEncodesLikeReference(Llama3, Reference);

    [Fact]
    public void decoding_an_encoding_gives_back_the_text_unchanged()
    {
        // Llama 3 has no normaliser, so every string must survive the round trip byte for byte.
        foreach (var c in Reference.Cases)
            Assert.True(c.Text == Llama3.Decode(Llama3.Encode(c.Text)), $"round trip of {ReferenceComparison.Escaped(c.Text)}");
    }

    [Fact]
    public void exposes_the_chat_control_tokens_of_llama3()
    {
        // Ids as published in Llama 3's tokenizer_config.json.
        Assert.Equal(128000, Llama3.BeginOfTextId);
        Assert.Equal(128006, Llama3.StartHeaderId);
        Assert.Equal(128007, Llama3.EndHeaderId);
        Assert.Equal(128009, Llama3.EotId);
        Assert.Equal(128256, Llama3.VocabSize);
    }

    [Fact]
    public void control_tokens_written_in_the_text_become_single_ids()
    {
        var ids = Llama3.Encode("<|start_header_id|>user<|end_header_id|>\n\nhi<|eot_id|>");

        Assert.Equal(Llama3.StartHeaderId, ids[0]);
        Assert.Equal(Llama3.EndHeaderId, ids[2]);
        Assert.Equal(Llama3.EotId, ids[^1]);
        Assert.Equal("<|start_header_id|>user<|end_header_id|>\n\nhi<|eot_id|>", Llama3.Decode(ids));
    }

    [Fact]
    public void encoding_adds_no_begin_of_text_token()
    {
        Assert.DoesNotContain(Llama3.BeginOfTextId, Llama3.Encode("Hello world"));
    }

    [Fact]
    public void numbers_are_split_into_runs_of_at_most_three_digits()
    {
        var ids = Llama3.Encode("1234567");

        Assert.Equal(["123", "456", "7"], ids.Select(id => Llama3.Decode([id])));
    }

    [Fact]
    public void its_id_differs_from_the_qwen_tokenizers()
    {
        Assert.StartsWith("llama3-bpe:", Llama3.Id);
        Assert.NotEqual(TokenizerFixtures.Qwen.Id[^16..], Llama3.Id[^16..]);
    }

    [Fact]
    public void refuses_a_tokenizer_json_of_another_model_family()
    {
        Assert.Throws<NotSupportedException>(() => Llama3Tokenizer.FromFolder(TokenizerFixtures.Qwen3Folder));
    }
}
