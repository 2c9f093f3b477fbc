namespace Lineage.Generators.Verification.Grading;

/// <summary>The answer read from a text: the extracted string (as normalised for parsing) and its parsed value.</summary>
public sealed class ExtractedAnswer
{
    internal ExtractedAnswer(string text, MathNode? value, string? fallback)
    {
        Text = text;
        Value = value;
        Fallback = fallback;
    }

    /// <summary>The extracted answer as it was compared (cleaned LaTeX, or the number as read).</summary>
    public string Text { get; }

    /// <summary>Whether the answer parsed as mathematics (otherwise only its text is compared).</summary>
    public bool Parsed => Value is not null;

    internal MathNode? Value { get; }

    /// <summary>The string of the first place tried, compared as text (math-verify's fallback).</summary>
    internal string? Fallback { get; }
}

/// <summary>The verdict on one gold/predicted pair, with what was extracted from each side.</summary>
public sealed record GradeResult(bool Equal, string? Gold, string? Pred);

/// <summary>
/// The answer grader of the verify stage and the <c>grade</c> command: reads the final answer
/// from each side (<see cref="AnswerExtractor"/>) and compares them (<see cref="MathComparer"/>)
/// the way Hugging Face's math-verify does. Two answers match when their values match or,
/// failing that, when the extracted strings are identical.
/// </summary>
public static class MathGrader
{
    public static GradeResult Grade(string? gold, string? pred, AnswerRole goldRole = AnswerRole.Reference, AnswerRole predRole = AnswerRole.Solution)
    {
        var g = Extract(gold, goldRole);
        var p = Extract(pred, predRole);
        return new GradeResult(g is not null && p is not null && Matches(g, p), g?.Text, p?.Text);
    }

    public static bool Matches(ExtractedAnswer gold, ExtractedAnswer pred)
    {
        if (gold.Value is { } a && pred.Value is { } b && MathComparer.Equal(a, b)) return true;
        return gold.Fallback is { Length: > 0 } x && pred.Fallback is { Length: > 0 } y && x.Trim() == y.Trim();
    }

    /// <summary>The final answer of a text, or null when nothing in it reads as one.</summary>
    public static ExtractedAnswer? Extract(string? text, AnswerRole role = AnswerRole.Solution)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        string? fallback = null;
        foreach (var group in AnswerExtractor.Groups(text))
        {
            foreach (var span in group)
            {
                var (value, shown) = Read(span);
                fallback ??= shown;
                if (value is not null) return new ExtractedAnswer(shown, value, fallback);
            }
        }
        if (fallback is not null) return new ExtractedAnswer(fallback, null, fallback);
        // A reference answer is its own text when nothing in it reads as math: a word or a short
        // phrase ("Yes", "no solution") is also a word value, so \text{Yes} and "yes" match it.
        if (role == AnswerRole.Reference)
        {
            var words = string.Join(' ', text.Trim().ToLowerInvariant().Split((char[])[' ', '\n', '\t', '\r'], StringSplitOptions.RemoveEmptyEntries)).TrimEnd('.');
            var value = words.Length <= 60 ? new Sym(MathLexer.Word(words), IsWord: true) : null;
            return new ExtractedAnswer(words, value, words);
        }
        return null;
    }

    private static (MathNode? Value, string Shown) Read(Span span)
    {
        if (span.Kind == SpanKind.Number) return ReadNumber(span);
        if (span.Kind == SpanKind.Expression)
        {
            var expression = span.Parts[0].Trim();
            return (expression.Length <= LatexCleaner.MaxLength ? MathParser.Parse(expression) : null, expression);
        }
        var values = new List<MathNode?>();
        var shown = new List<string>();
        foreach (var part in span.Parts)
        {
            if (part.Length > LatexCleaner.MaxLength) { values.Add(null); shown.Add(part.Trim()); continue; }
            var cleaned = LatexCleaner.Clean(part);
            shown.Add(cleaned);
            var value = ParseWithLastEquationFallback(cleaned);
            values.Add(value is not null && span.Percent && span.Parts.Count == 1 ? new Percent(value) : value);
        }
        var text = string.Join(" and ", shown);
        if (values.Count > 1 && values.All(v => v is not null))
            return (new SetOf(values.SelectMany(v => v is SetOf s ? s.Elements : [v!]).ToList()), text);
        return (values[0], text);
    }

    /// <summary>When the whole does not parse, its last "= …" part may ("1 = \zzz = x = 0" is 0), unless it is a list.</summary>
    private static MathNode? ParseWithLastEquationFallback(string latex)
    {
        if (MathParser.Parse(latex) is { } value) return value;
        if (latex.Contains(',') || latex.Contains(';')) return null;
        var parts = SplitEquals(latex);
        return parts.Count > 2 ? MathParser.Parse(parts[^1]) : null;
    }

    private static List<string> SplitEquals(string s)
    {
        var parts = new List<string>();
        var start = 0;
        for (var i = 0; i < s.Length; i++)
            if (s[i] == '=' && (i == 0 || s[i - 1] is not ('\\' or '<' or '>' or '!')))
            {
                parts.Add(s[start..i]);
                start = i + 1;
            }
        parts.Add(s[start..]);
        return parts;
    }

    /// <summary>A plain number as the scanner normalised it ("1,234" → 1234, "1000,99" → 1000.99), leading zeros gone.</summary>
    private static (MathNode? Value, string Shown) ReadNumber(Span span)
    {
        var raw = span.Parts[0];
        if (raw.Length > 400) return (null, raw);
        var negative = raw.StartsWith('-');
        var body = negative ? raw[1..] : raw;
        var point = body.IndexOf('.');
        var integer = (point < 0 ? body : body[..point]).TrimStart('0');
        var shown = (negative ? "-" : "") + (integer.Length == 0 ? "0" : integer) + (point < 0 ? "" : body[point..]);
        if (Numbers.Rational.TryParse(shown) is not { } value) return (null, shown);
        MathNode number = new Num(value, point >= 0);
        return (span.Percent ? new Percent(number) : number, shown);
    }
}
