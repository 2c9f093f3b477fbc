namespace Lineage.Proxy.Tokenization;

/// <summary>
/// What a model family's tokenizer does that vocab.json + merges.txt do not say,
/// and what a tokenizer.json must agree with to be that family's.
/// </summary>
internal sealed record BpeFamily(SplitPattern Pattern, bool NormalizesToNfc, bool IgnoresMerges)
{
    public static readonly BpeFamily Qwen2 = new(SplitPattern.Qwen2, NormalizesToNfc: true, IgnoresMerges: false);

    public static readonly BpeFamily Llama3 = new(SplitPattern.Llama3, NormalizesToNfc: false, IgnoresMerges: true);
}
