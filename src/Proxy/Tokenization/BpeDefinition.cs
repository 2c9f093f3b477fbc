namespace Lineage.Proxy.Tokenization;

/// <summary>
/// Everything a byte-level BPE tokenizer is made of, whichever files it was read
/// from: tokenizer.json, or vocab.json + merges.txt + tokenizer_config.json.
/// </summary>
/// <param name="Merges">Merge rules in priority order, each "left right".</param>
/// <param name="IgnoresMerges">
/// A pre-token that is itself in the vocabulary is emitted whole without running
/// the merges (Llama 3's <c>ignore_merges</c>, which is what makes its HF BPE agree
/// with the original tiktoken encoder).
/// </param>
/// <param name="Fingerprint">SHA-256 (hex) of the files' bytes, for <see cref="ITextTokenizer.Id"/>.</param>
internal sealed record BpeDefinition(
    IReadOnlyDictionary<string, int> Vocabulary,
    IReadOnlyList<string> Merges,
    IReadOnlyList<AddedToken> AddedTokens,
    SplitPattern Pattern,
    bool NormalizesToNfc,
    bool IgnoresMerges,
    string Fingerprint);
