
namespace Lineage.Filters.Rules;

/// <summary>Bounds, each optional and inclusive.</summary>
public sealed record LengthLimits
{
    public int? MinChars { get; init; }
    public int? MaxChars { get; init; }
    public int? MinTokens { get; init; }
    public int? MaxTokens { get; init; }

    internal bool UsesTokens => MinTokens is not null || MaxTokens is not null;
}

/// <param name="Unit">"chars" or "tokens": what the violated bound measures; null when kept.</param>
/// <param name="Length">The measured length in that unit; null when kept.</param>
/// <param name="Bound">"min" or "max" for the bound violated; null when kept.</param>
/// <param name="Limit">The violated bound's value; null when kept.</param>
public sealed record LengthDecision(bool Keep, long Chars, long? Tokens, string? Unit, long? Length, string? Bound, long? Limit)
    : IFilterDecision
{
    public string Rule => LengthRule.Name;

    public string Reason => Keep
        ? $"{Chars} characters{(Tokens is { } t ? $", {t} tokens" : "")}: within bounds"
        : $"{Length} {Unit} is {(Bound == "min" ? "below the minimum" : "above the maximum")} {Limit}";
}

/// <summary>
/// Keeps texts whose length lies within the bounds. Characters are Unicode scalar values (so an
/// emoji or a non-BMP character counts once). Tokens are counted by the given counter (the proxy
/// model's tokenizer, say); without one, by whitespace-separated words. Bounds are checked in
/// the order min chars, max chars, min tokens, max tokens; the first violated is the evidence.
/// </summary>
public static class LengthRule
{
    public const string Name = "length";

    public static LengthDecision Decide(string text, LengthLimits limits, Func<string, int>? countTokens = null)
    {
        long chars = text.EnumerateRunes().LongCount();
        long? tokens = limits.UsesTokens
            ? countTokens?.Invoke(text) ?? text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Length
            : null;

        if (limits.MinChars is { } minChars && chars < minChars) return Drop("chars", chars, "min", minChars);
        if (limits.MaxChars is { } maxChars && chars > maxChars) return Drop("chars", chars, "max", maxChars);
        if (limits.MinTokens is { } minTokens && tokens < minTokens) return Drop("tokens", tokens!.Value, "min", minTokens);
        if (limits.MaxTokens is { } maxTokens && tokens > maxTokens) return Drop("tokens", tokens!.Value, "max", maxTokens);
        return new LengthDecision(true, chars, tokens, null, null, null, null);

        LengthDecision Drop(string unit, long length, string bound, long limit) =>
            new(false, chars, tokens, unit, length, bound, limit);
    }
}
