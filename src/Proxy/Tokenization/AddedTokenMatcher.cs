namespace Lineage.Proxy.Tokenization;

/// <summary>
/// Cuts text at added tokens, leftmost first and longest among those starting at
/// the same place, as HF tokenizers' added vocabulary does; the pieces between
/// them go on to normalisation and BPE.
/// </summary>
internal sealed class AddedTokenMatcher
{
    // Candidates by first character, longest first, so the first hit is the longest.
    private readonly Dictionary<char, AddedToken[]> _byFirstChar;

    public AddedTokenMatcher(IEnumerable<AddedToken> tokens)
    {
        _byFirstChar = tokens
            .Where(token => token.Content.Length > 0)
            .GroupBy(token => token.Content[0])
            .ToDictionary(
                group => group.Key,
                group => group.OrderByDescending(token => token.Content.Length).ToArray());
    }

    /// <summary>
    /// Calls <paramref name="onText"/> for each stretch of ordinary text and
    /// <paramref name="onToken"/> for each added token, in order.
    /// </summary>
    public void Split(string text, Action<string> onText, Action<AddedToken> onToken)
    {
        var textStart = 0;
        for (var i = 0; i < text.Length;)
        {
            var match = MatchAt(text, i);
            if (match is null)
            {
                i++;
                continue;
            }
            if (i > textStart) onText(text[textStart..i]);
            onToken(match);
            i += match.Content.Length;
            textStart = i;
        }
        if (textStart < text.Length) onText(text[textStart..]);
    }

    private AddedToken? MatchAt(string text, int i)
    {
        if (!_byFirstChar.TryGetValue(text[i], out var candidates)) return null;
        var rest = text.AsSpan(i);
        foreach (var candidate in candidates)
            if (rest.StartsWith(candidate.Content, StringComparison.Ordinal)) return candidate;
        return null;
    }
}
