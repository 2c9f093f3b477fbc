using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Lineage.Proxy.Tokenization;

/// <summary>
/// Reads the older "slow tokenizer" layout: vocab.json and merges.txt, with the
/// added tokens listed in tokenizer_config.json's <c>added_tokens_decoder</c>.
/// These files do not record the pre-tokenizer, normaliser or merge policy, so
/// the model family supplies them.
/// </summary>
internal static class VocabMergesReader
{
    public static BpeDefinition Read(byte[] vocabJson, byte[] mergesTxt, byte[]? tokenizerConfigJson, BpeFamily family)
    {
        var vocabulary = JsonSerializer.Deserialize<Dictionary<string, int>>(vocabJson)
            ?? throw new InvalidDataException("vocab.json is empty.");

        return new BpeDefinition(
            vocabulary,
            ReadMerges(mergesTxt),
            tokenizerConfigJson is null ? [] : ReadAddedTokens(tokenizerConfigJson, family.NormalizesToNfc),
            family.Pattern,
            family.NormalizesToNfc,
            family.IgnoresMerges,
            Fingerprint: Fingerprint(vocabJson, mergesTxt, tokenizerConfigJson ?? []));
    }

    private static List<string> ReadMerges(byte[] mergesTxt) => Encoding.UTF8.GetString(mergesTxt)
        .Split('\n')
        .Select(line => line.TrimEnd('\r'))
        // The first line is a "#version: 0.2" header; blank lines carry no rule.
        .Where(line => line.Length > 0 && !line.StartsWith("#version", StringComparison.Ordinal))
        .ToList();

    private static List<AddedToken> ReadAddedTokens(byte[] tokenizerConfigJson, bool normalizesToNfc)
    {
        using var document = JsonDocument.Parse(tokenizerConfigJson);
        if (!document.RootElement.TryGetProperty("added_tokens_decoder", out var decoder)) return [];
        return decoder.EnumerateObject()
            .Select(entry => TokenizerJsonReader.ReadAddedToken(entry.Value, normalizesToNfc, int.Parse(entry.Name)))
            .ToList();
    }

    /// <summary>Each file's hash in a fixed order, so moving bytes between files changes the result.</summary>
    private static string Fingerprint(params byte[][] files)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var file in files) hash.AppendData(SHA256.HashData(file));
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }
}
