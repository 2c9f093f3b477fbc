namespace Lineage.Proxy.Tokenization;

/// <summary>
/// A token matched verbatim in the raw text before normalisation and BPE, such as
/// <c>&lt;|im_start|&gt;</c>. <paramref name="Special"/> is the tokenizer's own flag
/// (control tokens versus plain additions like <c>&lt;think&gt;</c>); both kinds are matched.
/// </summary>
public sealed record AddedToken(int Id, string Content, bool Special);
