using System.Security.Cryptography;
using System.Text.Json;

namespace Lineage.Proxy.Tokenization;

/// <summary>
/// Reads a Hugging Face tokenizer.json of the byte-level BPE kind (Qwen2/Qwen3,
/// Llama 3). Every setting that would change the ids is checked: anything this
/// reader does not reproduce is refused rather than silently tokenized differently.
/// </summary>
internal static class TokenizerJsonReader
{
    public static BpeDefinition Read(byte[] json)
    {
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        var model = root.GetProperty("model");

        Require(model.GetProperty("type").GetString() == "BPE", "model.type must be BPE");
        Require(!IsTrue(model, "byte_fallback"), "byte_fallback is not supported");
        Require(IsNullOrEmpty(model, "continuing_subword_prefix") && IsNullOrEmpty(model, "end_of_word_suffix"),
            "subword prefixes and suffixes are not supported");
        Require(!model.TryGetProperty("dropout", out var dropout) || dropout.ValueKind == JsonValueKind.Null,
            "BPE dropout is not supported");

        var normalizesToNfc = ReadNormalizer(root.GetProperty("normalizer"));
        var pattern = SplitPattern.ForRegex(ReadSplitRegex(root.GetProperty("pre_tokenizer")));
        Require(root.GetProperty("decoder").GetProperty("type").GetString() == "ByteLevel", "decoder must be ByteLevel");

        var vocabulary = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var entry in model.GetProperty("vocab").EnumerateObject())
            vocabulary[entry.Name] = entry.Value.GetInt32();

        var addedTokens = root.GetProperty("added_tokens").EnumerateArray()
            .Select(token => ReadAddedToken(token, normalizesToNfc))
            .ToList();

        return new BpeDefinition(
            vocabulary,
            ReadMerges(model.GetProperty("merges")),
            addedTokens,
            pattern,
            normalizesToNfc,
            IgnoresMerges: IsTrue(model, "ignore_merges"),
            Fingerprint: Convert.ToHexStringLower(SHA256.HashData(json)));
    }

    /// <summary>
    /// Reads one entry of <c>added_tokens</c> or of tokenizer_config.json's
    /// <c>added_tokens_decoder</c>; the id comes from outside for the latter.
    /// </summary>
    public static AddedToken ReadAddedToken(JsonElement token, bool textIsNormalized, int? id = null)
    {
        var content = token.GetProperty("content").GetString()!;
        Require(!IsTrue(token, "lstrip") && !IsTrue(token, "rstrip") && !IsTrue(token, "single_word"),
            $"added token {content} strips or matches whole words, which is not supported");
        // A "normalized" added token is matched against normalised text; we match
        // every added token on the raw text, which only agrees when nothing is normalised.
        Require(!(textIsNormalized && IsTrue(token, "normalized")),
            $"added token {content} is matched after normalisation, which is not supported");
        return new AddedToken(id ?? token.GetProperty("id").GetInt32(), content, IsTrue(token, "special"));
    }

    private static bool ReadNormalizer(JsonElement normalizer) => normalizer.ValueKind switch
    {
        JsonValueKind.Null => false,
        _ when normalizer.GetProperty("type").GetString() == "NFC" => true,
        _ => throw Unsupported($"normalizer {normalizer.GetRawText()}"),
    };

    /// <summary>
    /// The regex of the one shape we reproduce: Sequence[Split(regex, Isolated),
    /// ByteLevel(no prefix space, no regex of its own)].
    /// </summary>
    private static string ReadSplitRegex(JsonElement preTokenizer)
    {
        Require(preTokenizer.GetProperty("type").GetString() == "Sequence", "pre_tokenizer must be a Sequence");
        var steps = preTokenizer.GetProperty("pretokenizers").EnumerateArray().ToList();
        Require(steps.Count == 2, "pre_tokenizer must be Split then ByteLevel");

        var split = steps[0];
        Require(split.GetProperty("type").GetString() == "Split"
                && split.GetProperty("behavior").GetString() == "Isolated"
                && !IsTrue(split, "invert"),
            "the first pre-tokenizer must be an isolating Split");

        var byteLevel = steps[1];
        Require(byteLevel.GetProperty("type").GetString() == "ByteLevel"
                && !IsTrue(byteLevel, "add_prefix_space")
                && !IsTrue(byteLevel, "use_regex"),
            "the second pre-tokenizer must be ByteLevel without prefix space or regex");

        return split.GetProperty("pattern").GetProperty("Regex").GetString()!;
    }

    /// <summary>Merges come as "a b" strings (older files) or as [a, b] pairs (newer ones).</summary>
    private static List<string> ReadMerges(JsonElement merges) => merges.EnumerateArray()
        .Select(merge => merge.ValueKind == JsonValueKind.Array
            ? $"{merge[0].GetString()} {merge[1].GetString()}"
            : merge.GetString()!)
        .ToList();

    private static bool IsTrue(JsonElement element, string property) =>
        element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.True;

    private static bool IsNullOrEmpty(JsonElement element, string property) =>
        !element.TryGetProperty(property, out var value)
        || value.ValueKind == JsonValueKind.Null
        || value.GetString() is "";

    private static void Require(bool condition, string what)
    {
        if (!condition) throw Unsupported(what);
    }

    private static NotSupportedException Unsupported(string what) =>
        new($"This tokenizer.json cannot be reproduced exactly: {what}.");
}
