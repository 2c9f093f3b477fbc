namespace Lineage.Proxy.Tokenization;

/// <summary>
/// Qwen2 / Qwen2.5 / Qwen3's byte-level BPE tokenizer, giving the same ids as HF
/// tokenizers for the same files (see docs/tokenizers.md for how that is checked).
/// </summary>
public sealed class QwenTokenizer : ITextTokenizer
{
    private readonly ByteLevelBpe _bpe;

    private QwenTokenizer(ByteLevelBpe bpe)
    {
        _bpe = bpe;
        EndOfTextId = bpe.AddedTokenId(EndOfText);
        ImStartId = bpe.AddedTokenId(ImStart);
        ImEndId = bpe.AddedTokenId(ImEnd);
    }

    public const string EndOfText = "<|endoftext|>";
    public const string ImStart = "<|im_start|>";
    public const string ImEnd = "<|im_end|>";

    /// <summary>
    /// Loads tokenizer.json (or tokenizer.json.gz), else vocab.json + merges.txt with
    /// the added tokens of tokenizer_config.json, from a model folder.
    /// </summary>
    public static QwenTokenizer FromFolder(string folder) =>
        new(new ByteLevelBpe(TokenizerFolder.Load(folder, BpeFamily.Qwen2)));

    public string Id => $"qwen-bpe:{_bpe.Fingerprint[..16]}";

    /// <summary>
    /// Ids the tokenizer can produce (regular and added tokens). The model's
    /// embedding table is usually padded beyond this (151936 rows for Qwen3).
    /// </summary>
    public int VocabSize => _bpe.VocabSize;

    public int EndOfTextId { get; }

    public int ImStartId { get; }

    public int ImEndId { get; }

    /// <summary>The id of any added token, such as <c>&lt;think&gt;</c>.</summary>
    public int AddedTokenId(string content) => _bpe.AddedTokenId(content);

    /// <summary>Token ids of <paramref name="text"/>; added tokens written in the text become their ids.</summary>
    public int[] Encode(string text) => _bpe.Encode(text);

    public string Decode(IEnumerable<int> ids) => _bpe.Decode(ids);
}
