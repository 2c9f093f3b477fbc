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
    public static string? ExtractLast(string? text)
    {
        if (string.IsNullOrEmpty(text)) return null;
        string? last = null;
        var start = 0;
        while (NextCommand(text, start) is var (at, length) && at >= 0)
        {
            var content = ContentAfter(text, at + length);
            if (content is not null) last = content;
            start = at + length;
        }
        return last;
    }

    /// <summary>Every complete box in order; useful when a solution boxes several parts.</summary>
    public static IReadOnlyList<string> ExtractAll(string? text)
    {
        var all = new List<string>();
        if (string.IsNullOrEmpty(text)) return all;
        var start = 0;
        while (NextCommand(text, start) is var (at, length) && at >= 0)
        {
            if (ContentAfter(text, at + length) is { } content) all.Add(content);
            start = at + length;
        }
        return all;
    }

    private static (int At, int Length) NextCommand(string text, int from)
    {
        var best = (At: -1, Length: 0);
        foreach (var command in Commands)
        {
            var i = from;
            while ((i = text.IndexOf(command, i, StringComparison.Ordinal)) >= 0)
            {
                var end = i + command.Length;
                // "\boxedx" would be another command; only a non-letter may follow.
                if (end >= text.Length || !char.IsAsciiLetter(text[end])) break;
                i = end;
            }
            if (i >= 0 && (best.At < 0 || i < best.At)) best = (i, command.Length);
        }
        return best;
    }

    private static string? ContentAfter(string text, int i)
    {
        var afterSpace = i;
        while (afterSpace < text.Length && char.IsWhiteSpace(text[afterSpace])) afterSpace++;
        if (afterSpace >= text.Length) return null;
        if (text[afterSpace] == '{') return Braced(text, afterSpace);
        if (afterSpace == i) return null; // "\boxed5" is not a box; "\boxed 5" is.
        var end = afterSpace;
        while (end < text.Length && !char.IsWhiteSpace(text[end]) && text[end] != '$') end++;
        var bare = text[afterSpace..end].TrimEnd('.', ',');
        return bare.Length == 0 ? null : bare;
    }

    private static string? Braced(string text, int open)
    {
        var depth = 0;
        for (var i = open; i < text.Length; i++)
        {
            switch (text[i])
            {
                case '\\':
                    i++; // skip the escaped character: "\{" and "\}" are not grouping braces
                    break;
                case '{':
                    depth++;
                    break;
                case '}':
                    if (--depth == 0)
                    {
                        var content = text[(open + 1)..i].Trim();
                        return content.Length == 0 ? null : content;
                    }
                    break;
            }
        }
        return null;
    }
}
