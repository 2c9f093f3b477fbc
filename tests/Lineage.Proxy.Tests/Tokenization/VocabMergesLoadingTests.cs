using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Lineage.Proxy.Tokenization;

namespace Lineage.Proxy.Tests.Tokenization;

/// <summary>
/// Qwen also ships the older vocab.json + merges.txt layout. The files are derived
/// here from the fixture's tokenizer.json, the way Qwen's repositories hold both.
/// </summary>
[Trait("Category", "Unit")]
public class VocabMergesLoadingTests
{
    [Fact]
    public void vocab_json_and_merges_txt_with_tokenizer_config_give_the_same_ids_as_tokenizer_json()
    {
        using var folder = new TemporaryFolder();
        WriteSlowTokenizerFiles(folder.Path);
        var reference = TokenizerFixtures.Reference("qwen3-reference.json");

        var fromVocab = QwenTokenizer.FromFolder(folder.Path);

        ReferenceComparison.AssertEncodesLikeReference(fromVocab, reference);
        Assert.Equal(TokenizerFixtures.Qwen.VocabSize, fromVocab.VocabSize);
        Assert.Equal(TokenizerFixtures.Qwen.ImEndId, fromVocab.ImEndId);
        Assert.StartsWith("qwen-bpe:", fromVocab.Id);
    }

    private static void WriteSlowTokenizerFiles(string folder)
    {
        var json = QwenTokenizerTests.Gunzipped(Path.Combine(TokenizerFixtures.Qwen3Folder, "tokenizer.json.gz"));
        var model = JsonNode.Parse(json)!["model"]!;

        File.WriteAllText(Path.Combine(folder, "vocab.json"), model["vocab"]!.ToJsonString());

        var merges = new StringBuilder("#version: 0.2\n");
        foreach (var merge in model["merges"]!.AsArray())
            merges.Append(merge![0]!.GetValue<string>()).Append(' ').Append(merge[1]!.GetValue<string>()).Append('\n');
        File.WriteAllText(Path.Combine(folder, "merges.txt"), merges.ToString());

        // Qwen's tokenizer_config.json lists the added tokens under added_tokens_decoder.
        File.Copy(Path.Combine(TokenizerFixtures.Qwen3Folder, "tokenizer_config.json"), Path.Combine(folder, "tokenizer_config.json"));
        Assert.Contains("added_tokens_decoder", File.ReadAllText(Path.Combine(folder, "tokenizer_config.json")));
    }
}
