namespace Lineage.Proxy.Tokenization;

/// <summary>
/// Llama 3's tokenizer: tiktoken's BPE as exported to tokenizer.json, with the
/// three-digit number split and whole-word vocabulary hits (<c>ignore_merges</c>).
/// </summary>
/// <remarks>
/// <see cref="Encode"/> adds no <c>&lt;|begin_of_text|&gt;</c>, like HF's
/// <c>add_special_tokens=False</c>; the chat format writes it where it belongs.
/// </remarks>
public sealed class Llama3Tokenizer : ITextTokenizer
{
    private readonly ByteLevelBpe _bpe;

    private Llama3Tokenizer(ByteLevelBpe bpe)
    {
        _bpe = bpe;
        BeginOfTextId = bpe.AddedTokenId(BeginOfText);
        StartHeaderId = bpe.AddedTokenId(StartHeader);
        EndHeaderId = bpe.AddedTokenId(EndHeader);
        EotId = bpe.AddedTokenId(Eot);
    }

    public const string BeginOfText = "<|begin_of_text|>";
    public const string StartHeader = "<|start_header_id|>";
    public const string EndHeader = "<|end_header_id|>";
    public const string Eot = "<|eot_id|>";

    /// <summary>Loads tokenizer.json (or tokenizer.json.gz) from a model folder.</summary>
    public static Llama3Tokenizer FromFolder(string folder) =>
        new(new ByteLevelBpe(TokenizerFolder.Load(folder, BpeFamily.Llama3)));

    public string Id => $"llama3-bpe:{_bpe.Fingerprint[..16]}";

    public int VocabSize => _bpe.VocabSize;

    public int BeginOfTextId { get; }

    public int StartHeaderId { get; }

    public int EndHeaderId { get; }

    public int EotId { get; }

    public int AddedTokenId(string content) => _bpe.AddedTokenId(content);

    public int[] Encode(string text) => _bpe.Encode(text);

    public string Decode(IEnumerable<int> ids) => _bpe.Decode(ids);
}
