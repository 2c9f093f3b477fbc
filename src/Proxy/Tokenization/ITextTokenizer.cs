namespace Lineage.Proxy.Tokenization;

/// <summary>
/// The small surface every tokenizer in Lineage offers, so filters, the proxy and
/// the trainer can swap models without knowing which algorithm sits behind it.
/// </summary>
public interface ITextTokenizer
{
    /// <summary>
    /// Names the tokenizer and the exact vocabulary it was built from
    /// (e.g. <c>qwen-bpe:3f2a…</c>); recorded in events so a token count can be
    /// traced back to the tokenizer that produced it.
    /// </summary>
    string Id { get; }

    /// <summary>One past the highest token id this tokenizer can produce.</summary>
    int VocabSize { get; }

    int[] Encode(string text);

    string Decode(IEnumerable<int> ids);
}
