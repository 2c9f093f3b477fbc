using System.Text;

namespace Lineage.Generators.Verification.Grading;

internal enum TokKind { Number, Letter, Command, Symbol, Text, End }

/// <summary>A token: Text holds the braced content of \text{…}; Command the name with its backslash.</summary>
internal sealed record Tok(TokKind Kind, string Value);

/// <summary>
/// Splits cleaned LaTeX into numbers (digits with at most one decimal point), single
/// letters, backslash commands, one-character symbols (two for "&lt;=", "&gt;=", "!=") and
/// \text{…} contents. One pass; braces inside \text are matched, so the lexer is linear.
/// </summary>
internal static class MathLexer
{
    private static readonly HashSet<string> TextCommands = new(StringComparer.Ordinal)
    {
        "\\text", "\\mbox", "\\textrm", "\\textnormal", "\\textbf", "\\textit", "\\mathrm", "\\mathit", "\\mathbf",
        "\\mathsf", "\\mathtt", "\\textup", "\\emph", "\\boldsymbol", "\\bm", "\\operatorname",
    };

    private static readonly string[] SpacingCommands = ["\\qquad", "\\quad"];

    public static List<Tok>? Tokenize(string s)
    {
        var tokens = new List<Tok>();
        var i = 0;
        while (i < s.Length)
        {
            var c = s[i];
            if (char.IsWhiteSpace(c)) { i++; continue; }
            if (char.IsAsciiDigit(c) || (c == '.' && i + 1 < s.Length && char.IsAsciiDigit(s[i + 1])))
            {
                var start = i;
                while (i < s.Length && char.IsAsciiDigit(s[i])) i++;
                if (i + 1 < s.Length && s[i] == '.' && char.IsAsciiDigit(s[i + 1]))
                {
                    i++;
                    while (i < s.Length && char.IsAsciiDigit(s[i])) i++;
                }
                tokens.Add(new(TokKind.Number, s[start..i]));
                continue;
            }
            if (char.IsAsciiLetter(c)) { tokens.Add(new(TokKind.Letter, c.ToString())); i++; continue; }
            if (c == '\\')
            {
                var start = i++;
                while (i < s.Length && char.IsAsciiLetter(s[i])) i++;
                if (i == start + 1)
                {
                    // An escaped symbol: "\{", "\%", "\|", "\,".
                    if (i >= s.Length) return null;
                    tokens.Add(new(TokKind.Command, s.Substring(start, 2)));
                    i++;
                    continue;
                }
                var name = s[start..i];
                // "\quadx" is \quad then x, as the reference grammar's lexer reads it.
                foreach (var spacing in SpacingCommands)
                    if (name.Length > spacing.Length && name.StartsWith(spacing, StringComparison.Ordinal))
                    {
                        i = start + spacing.Length - 1;
                        name = spacing;
                        break;
                    }
                if (TextCommands.Contains(name))
                {
                    var j = i;
                    while (j < s.Length && char.IsWhiteSpace(s[j])) j++;
                    if (j < s.Length && s[j] == '{' && Braced(s, j) is var (content, end) && end > 0)
                    {
                        tokens.Add(name == "\\operatorname" ? new(TokKind.Command, "\\" + content.Trim()) : new(TokKind.Text, content));
                        i = end;
                        continue;
                    }
                }
                tokens.Add(new(TokKind.Command, name));
                continue;
            }
            if (i + 1 < s.Length && (c, s[i + 1]) is ('<', '=') or ('>', '=') or ('!', '=') or ('=', '='))
            {
                tokens.Add(new(TokKind.Symbol, c == '=' ? "=" : s.Substring(i, 2)));
                i += 2;
                continue;
            }
            var symbol = Unicode(c);
            tokens.Add(new(symbol.Length > 1 && symbol[0] == '\\' ? TokKind.Command : TokKind.Symbol, symbol));
            i++;
        }
        tokens.Add(new(TokKind.End, ""));
        return tokens;
    }

    private static string Unicode(char c) => c switch
    {
        '≤' => "<=", '≥' => ">=", '≠' => "!=", '×' or '·' or '⋅' => "*", '÷' => "/", '−' or '–' => "-", '±' => "\\pm", '∓' => "\\mp",
        'π' => "\\pi", '∞' => "\\infty", '°' => "\\circ", '≈' => "\\approx", '∪' => "\\cup", '∩' => "\\cap", '∈' => "\\in", '√' => "\\sqrt",
        _ => c.ToString(),
    };

    /// <summary>The content of the group opening at <paramref name="open"/> and the index after its closing brace; end 0 when unclosed.</summary>
    public static (string Content, int End) Braced(string s, int open)
    {
        var depth = 0;
        for (var i = open; i < s.Length; i++)
        {
            if (s[i] == '\\') { i++; continue; }
            if (s[i] == '{') depth++;
            else if (s[i] == '}' && --depth == 0) return (s[(open + 1)..i], i + 1);
        }
        return ("", 0);
    }

    /// <summary>A \text word as math-verify's parser reads it: spaces and parentheses dropped, lowercased.</summary>
    public static string Word(string content)
    {
        var sb = new StringBuilder(content.Length);
        foreach (var ch in content)
            if (!char.IsWhiteSpace(ch) && ch is not '(' and not ')' && ch != '\\') sb.Append(char.ToLowerInvariant(ch));
        return sb.ToString();
    }
}
