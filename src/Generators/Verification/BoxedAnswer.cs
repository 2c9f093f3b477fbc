namespace Lineage.Generators.Verification;

/// <summary>
/// Finds the final answer a solution commits to: the content of its last
/// complete <c>\boxed{…}</c> (or <c>\fbox{…}</c>).
/// </summary>
public static class BoxedAnswer
{
    private static readonly string[] Commands = ["\\boxed", "\\fbox"];

    /// <summary>
    /// The content of the last complete box, trimmed; null if there is none.
    /// Handles nested braces, escaped braces (<c>\{</c>), a space before the brace
    /// (<c>\boxed {5}</c>) and the brace-less form <c>\boxed 5</c> (up to the next
    /// space or <c>$</c>). A box whose closing brace never comes, as in a
    /// truncated response, does not count: the last complete one before it wins.
    /// </summary>
    public static string? ExtractLast(string? text) => ExtractAll(text) is { Count: > 0 } all ? all[^1] : null;

    /// <summary>
    /// Every complete box in order; useful when a solution boxes several parts. Linear in the
    /// text: each closing brace is found from one precomputed pass (Grading.TextIndex), so a
    /// megabyte of "\boxed{" is not rescanned for every box.
    /// </summary>
    public static IReadOnlyList<string> ExtractAll(string? text)
    {
        var all = new List<string>();
        if (string.IsNullOrEmpty(text)) return all;
        var index = new Grading.TextIndex(text);
        for (var i = text.IndexOf('\\'); i >= 0 && i < text.Length; i = text.IndexOf('\\', i + 1))
        {
            var length = Commands.FirstOrDefault(c => string.CompareOrdinal(text, i, c, 0, c.Length) == 0)?.Length ?? 0;
            // "\boxedx" would be another command; only a non-letter may follow.
            if (length == 0 || (i + length < text.Length && char.IsAsciiLetter(text[i + length]))) continue;
            if (ContentAfter(index, i + length) is { } content) all.Add(content);
        }
        return all;
    }

    private static string? ContentAfter(Grading.TextIndex index, int i)
    {
        var text = index.Text;
        var afterSpace = i;
        while (afterSpace < text.Length && char.IsWhiteSpace(text[afterSpace])) afterSpace++;
        if (afterSpace >= text.Length) return null;
        if (text[afterSpace] == '{')
        {
            var close = index.CloseOf(afterSpace);
            if (close < 0) return null;
            var content = text[(afterSpace + 1)..close].Trim();
            return content.Length == 0 ? null : content;
        }
        if (afterSpace == i) return null; // "\boxed5" is not a box; "\boxed 5" is.
        var end = afterSpace;
        while (end < text.Length && !char.IsWhiteSpace(text[end]) && text[end] != '$' && text[end] != '\\') end++;
        var bare = text[afterSpace..end].TrimEnd('.', ',');
        return bare.Length == 0 ? null : bare;
    }
}
