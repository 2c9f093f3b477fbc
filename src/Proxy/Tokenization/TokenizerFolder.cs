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

    /// <summary>The most bytes a tokenizer.json.gz may inflate to (the largest real ones are ~20 MB); a bomb stops here.</summary>
    public const int MaxTokenizerBytes = 256 << 20;

    public static byte[] Gunzip(string path, int maxBytes = MaxTokenizerBytes)
    {
        using var file = File.OpenRead(path);
        using var gzip = new GZipStream(file, CompressionMode.Decompress);
        using var bytes = new MemoryStream();
        var chunk = new byte[81920];
        int n;
        while ((n = gzip.Read(chunk, 0, chunk.Length)) > 0)
        {
            if (bytes.Length + n > maxBytes)
                throw new InvalidDataException($"{path} inflates past {maxBytes} bytes: not a tokenizer.json");
            bytes.Write(chunk, 0, n);
        }
        return bytes.ToArray();
    }
}
