using System.IO.Compression;

namespace Lineage.Proxy.Tokenization;

/// <summary>
/// Finds a tokenizer's files in a model folder: tokenizer.json (or a gzipped
/// tokenizer.json.gz, which is how the test fixtures are stored), else
/// vocab.json + merges.txt (+ tokenizer_config.json).
/// </summary>
internal static class TokenizerFolder
{
    public static BpeDefinition Load(string folder, BpeFamily family)
    {
        if (!Directory.Exists(folder)) throw new DirectoryNotFoundException($"No tokenizer folder at {folder}.");

        var tokenizerJson = Path.Combine(folder, "tokenizer.json");
        if (File.Exists(tokenizerJson)) return Checked(TokenizerJsonReader.Read(File.ReadAllBytes(tokenizerJson)), family, folder);
        if (File.Exists(tokenizerJson + ".gz")) return Checked(TokenizerJsonReader.Read(Gunzip(tokenizerJson + ".gz")), family, folder);

        var vocab = Path.Combine(folder, "vocab.json");
        var merges = Path.Combine(folder, "merges.txt");
        if (File.Exists(vocab) && File.Exists(merges))
        {
            var config = Path.Combine(folder, "tokenizer_config.json");
            return VocabMergesReader.Read(File.ReadAllBytes(vocab), File.ReadAllBytes(merges),
                File.Exists(config) ? File.ReadAllBytes(config) : null, family);
        }

        throw new FileNotFoundException($"{folder} holds neither tokenizer.json(.gz) nor vocab.json + merges.txt.");
    }

    /// <summary>A tokenizer.json of another model family loads fine but would be the wrong tokenizer.</summary>
    private static BpeDefinition Checked(BpeDefinition definition, BpeFamily family, string folder) =>
        definition.Pattern == family.Pattern
            ? definition
            : throw new NotSupportedException($"The tokenizer in {folder} splits with {definition.Pattern.Regex}, not {family.Pattern.Regex}.");

    private static byte[] Gunzip(string path)
    {
        using var file = File.OpenRead(path);
        using var gzip = new GZipStream(file, CompressionMode.Decompress);
        using var bytes = new MemoryStream();
        gzip.CopyTo(bytes);
        return bytes.ToArray();
    }
}
