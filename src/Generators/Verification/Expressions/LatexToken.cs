using System.Text;

namespace Lineage.Generators.Verification.Expressions;

internal enum TokenKind { Number, Letter, Command, Symbol }

internal sealed record LatexToken(TokenKind Kind, string Text);

/// <summary>
/// Splits a normalised answer into numbers, single letters (so "xy" is x·y),
/// backslash commands and one-character symbols. An exponent digit after '^'
/// is a single character, as in LaTeX: x^23 means x²·3.
/// </summary>
internal static class LatexTokenizer
{
    public static IReadOnlyList<LatexToken> Tokenize(string text)
    {
        var tokens = new List<LatexToken>();
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (char.IsWhiteSpace(c)) { i++; continue; }
            var afterCaret = tokens.Count > 0 && tokens[^1] is { Kind: TokenKind.Symbol, Text: "^" };
            if (char.IsAsciiDigit(c) || (c == '.' && i + 1 < text.Length && char.IsAsciiDigit(text[i + 1])))
            {
                if (afterCaret) { tokens.Add(new(TokenKind.Number, c.ToString())); i++; continue; }
                var start = i;
                while (i < text.Length && char.IsAsciiDigit(text[i])) i++;
                if (i < text.Length && text[i] == '.') { i++; while (i < text.Length && char.IsAsciiDigit(text[i])) i++; }
                tokens.Add(new(TokenKind.Number, text[start..i]));
            }
            else if (char.IsAsciiLetter(c))
            {
                tokens.Add(new(TokenKind.Letter, c.ToString()));
                i++;
            }
            else if (c == '\\')
            {
                var start = ++i;
                while (i < text.Length && char.IsAsciiLetter(text[i])) i++;
                // A backslash before a symbol ("\{", "\%") is an escaped symbol.
                if (i == start && i < text.Length) i++;
                tokens.Add(new(TokenKind.Command, "\\" + text[start..i]));
            }
            else
            {
                tokens.Add(new(TokenKind.Symbol, c.ToString()));
                i++;
            }
        }
        return tokens;
    }

    public static string Join(IEnumerable<LatexToken> tokens)
    {
        var sb = new StringBuilder();
        foreach (var t in tokens)
        {
            // Keep a command from swallowing a following letter: "\pi r", not "\pir".
            if (t.Kind == TokenKind.Letter && sb.Length > 0 && EndsWithCommand(sb)) sb.Append(' ');
            sb.Append(t.Text);
        }
        return sb.ToString();
    }

    private static bool EndsWithCommand(StringBuilder sb)
    {
        var i = sb.Length - 1;
        while (i >= 0 && char.IsAsciiLetter(sb[i])) i--;
        return i >= 0 && i < sb.Length - 1 && sb[i] == '\\';
    }
}
