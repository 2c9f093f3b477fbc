namespace Lineage.Generators.Verification.Grading;

/// <summary>A stretch of text that may hold the answer: its parts (several for "$a$ and $b$"), span and kind.</summary>
internal sealed record Span(int Start, int End, IReadOnlyList<string> Parts, bool Percent, SpanKind Kind);

internal enum SpanKind { Latex, Expression, Number }

/// <summary>
/// Regex-free scanners for what math-verify's extraction patterns match: boxes, math
/// environments ($…$, $$…$$, \(…\), \[…\], " […] ", a bare \frac{n}{n}), and plain numbers and
/// arithmetic after a space or "=". Each is linear in the text, using <see cref="TextIndex"/>.
/// </summary>
internal static class Scanners
{
    // ---- boxes ----

    /// <summary>
    /// The final boxed answer: the last complete \boxed{…} (or \fbox), together with the boxes
    /// just before it when they are close (under 10 characters apart) or joined by "and",
    /// "or", "," or ";" within 70 characters and differ from it; joined with ",".
    /// </summary>
    public static Span? LastBoxes(TextIndex index)
    {
        var text = index.Text;
        var boxes = new List<(int Start, int ContentStart, int ContentEnd, int End)>();
        // The previous occurrence of each command is searched for only once it is passed, so the
        // scan is linear even on a megabyte of "\boxed{".
        var lastBoxed = Previous(text, "\\boxed", text.Length);
        var lastFbox = Previous(text, "\\fbox", text.Length);
        while (lastBoxed >= 0 || lastFbox >= 0)
        {
            var isBoxed = lastBoxed > lastFbox;
            var start = isBoxed ? lastBoxed : lastFbox;
            if (isBoxed) lastBoxed = Previous(text, "\\boxed", start);
            else lastFbox = Previous(text, "\\fbox", start);
            var afterCommand = start + (isBoxed ? 6 : 5);
            if (afterCommand < text.Length && char.IsAsciiLetter(text[afterCommand])) continue;
            if (Box(index, afterCommand) is not { } content)
            {
                if (boxes.Count > 0) break;
                continue;
            }
            if (boxes.Count > 0 && content.End > boxes[^1].Start) continue;
            if (boxes.Count > 0 && !JoinsNext(text, content.ContentStart, content.ContentEnd, boxes[^1])) break;
            boxes.Add((start, content.ContentStart, content.ContentEnd, content.End));
        }
        if (boxes.Count == 0) return null;
        boxes.Reverse();
        var parts = new List<string>();
        foreach (var box in boxes)
        {
            var content = text[box.ContentStart..box.ContentEnd].Trim();
            if (content.Length == 0) continue;
            if (parts.Count == 0 || parts[^1] != content) parts.Add(content);
        }
        if (parts.Count == 0) return null;
        var end = boxes[^1].End;
        return new Span(boxes[0].Start, end, [string.Join(",", parts)], PercentAfter(text, SkipClosingMath(text, end)) > 0, SpanKind.Latex);
    }

    private static int Previous(string text, string command, int before) =>
        before < command.Length ? -1 : text.LastIndexOf(command, before - 1, StringComparison.Ordinal);

    private static bool JoinsNext(string text, int contentStart, int contentEnd, (int Start, int ContentStart, int ContentEnd, int End) next)
    {
        var between = next.Start - contentEnd - 1;
        if (between < 10) return true;
        if (between >= 70) return false;
        var gap = text.AsSpan(contentEnd + 1, between);
        var differs = !text.AsSpan(contentStart, contentEnd - contentStart).Trim().SequenceEqual(text.AsSpan(next.ContentStart, next.ContentEnd - next.ContentStart).Trim());
        return differs && (gap.Contains(',') || gap.Contains(';') || HasWord(gap, "and") || HasWord(gap, "or"));
    }

    private static bool HasWord(ReadOnlySpan<char> s, string word)
    {
        for (var i = s.IndexOf(word, StringComparison.Ordinal); i >= 0; )
        {
            var before = i == 0 || !char.IsLetterOrDigit(s[i - 1]) && s[i - 1] != '_';
            var j = i + word.Length;
            var after = j >= s.Length || !char.IsLetterOrDigit(s[j]) && s[j] != '_';
            if (before && after) return true;
            var next = s[(i + 1)..].IndexOf(word, StringComparison.Ordinal);
            i = next < 0 ? -1 : i + 1 + next;
        }
        return false;
    }

    /// <summary>The braced content after a box command ("\boxed {5}" too), or its bare token ("\boxed 5").</summary>
    private static (int ContentStart, int ContentEnd, int End)? Box(TextIndex index, int afterCommand)
    {
        var text = index.Text;
        var i = afterCommand;
        while (i < text.Length && char.IsWhiteSpace(text[i])) i++;
        if (i >= text.Length) return null;
        if (text[i] == '{')
        {
            var close = index.CloseOf(i);
            return close < 0 ? null : (i + 1, close, close + 1);
        }
        if (i == afterCommand) return null;
        var end = i;
        while (end < text.Length && !char.IsWhiteSpace(text[end]) && text[end] != '$') end++;
        while (end > i && text[end - 1] is '.' or ',') end--;
        return end == i ? null : (i, end, end);
    }

    private static int SkipClosingMath(string text, int i)
    {
        if (i < text.Length && text[i] == '$') return i + 1 < text.Length && text[i + 1] == '$' ? i + 2 : i + 1;
        if (i + 1 < text.Length && text[i] == '\\' && text[i + 1] is ')' or ']') return i + 2;
        return i;
    }

    /// <summary>The length of a "%", "\%", "percent", "percentage" or "pct" right after <paramref name="i"/> (spaces allowed before it), 0 if none.</summary>
    public static int PercentAfter(string text, int i)
    {
        var j = i;
        while (j < text.Length && char.IsWhiteSpace(text[j])) j++;
        foreach (var word in new[] { "\\%", "%", "percentage", "Percentage", "percent", "Percent", "pct", "Pct" })
            if (string.CompareOrdinal(text, j, word, 0, word.Length) == 0) return j + word.Length - i;
        return 0;
    }

    // ---- math environments ----

    /// <summary>Every math environment left to right, non-overlapping, as a regex scan would find them.</summary>
    public static List<Span> Environments(TextIndex index)
    {
        var text = index.Text;
        var found = new List<Span>();
        var i = 0;
        while (i < text.Length)
        {
            if (EnvironmentAt(index, i) is { } env)
            {
                var percent = PercentAfter(text, env.End);
                found.Add(percent > 0 ? env with { End = env.End + percent, Percent = true } : env);
                i = Math.Max(env.End + percent, i + 1);
            }
            else i++;
        }
        return found;
    }

    public static Span? EnvironmentAtPublic(TextIndex index, int i) => i < index.Length ? EnvironmentAt(index, i) : null;

    private static Span? EnvironmentAt(TextIndex index, int i)
    {
        var text = index.Text;
        var c = text[i];
        if (c == '$' && !index.Escaped(i))
        {
            if (i + 1 < text.Length && text[i + 1] == '$')
            {
                var close = index.NextDoubleDollar(i + 2);
                if (close > i + 2) return Env(text, i, i + 2, close, close + 2);
            }
            if (i > 0 && char.IsAsciiDigit(text[i - 1])) return null;
            var end = index.NextDollar(i + 1);
            var newline = index.NextNewline(i + 1);
            if (end > i + 1 && (newline < 0 || newline > end)) return Env(text, i, i + 1, end, end + 1);
            return null;
        }
        if (c == '\\' && i + 1 < text.Length && !index.Escaped(i))
        {
            if (text[i + 1] == '[')
            {
                var close = index.NextBracketClose(i + 2);
                if (close > i + 2) return Env(text, i, i + 2, close, close + 2);
            }
            else if (text[i + 1] == '(')
            {
                var close = index.NextParenClose(i + 2);
                var newline = index.NextNewline(i + 2);
                if (close > i + 2 && (newline < 0 || newline > close)) return Env(text, i, i + 2, close, close + 2);
            }
            else if (string.CompareOrdinal(text, i, "\\frac{", 0, 6) == 0) return SimpleFraction(index, i);
            return null;
        }
        if (char.IsWhiteSpace(c) && i + 1 < text.Length && text[i + 1] == '[')
        {
            var close = index.NextSquareOrNewline(i + 2);
            if (close > i + 2 && text[close] == ']' && close + 1 < text.Length && char.IsWhiteSpace(text[close + 1]))
                return Env(text, i, i + 2, close, close + 2);
            return null;
        }
        if (c == '-' && string.CompareOrdinal(text, i + 1, "\\frac{", 0, 6) == 0) return SimpleFraction(index, i);
        return null;
    }

    private static Span Env(string text, int start, int contentStart, int contentEnd, int end) =>
        new(start, end, [text[contentStart..contentEnd]], false, SpanKind.Latex);

    /// <summary>"\frac{12}{5}" in prose: numerator and denominator plain numbers.</summary>
    private static Span? SimpleFraction(TextIndex index, int start)
    {
        var text = index.Text;
        var open = text.IndexOf('{', start);
        var close = index.CloseOf(open);
        if (close < 0 || !SimpleNumber(text, open + 1, close) || close + 1 >= text.Length || text[close + 1] != '{') return null;
        var close2 = index.CloseOf(close + 1);
        if (close2 < 0 || !SimpleNumber(text, close + 2, close2)) return null;
        return new Span(start, close2 + 1, [text[start..(close2 + 1)]], false, SpanKind.Latex);
    }

    private static bool SimpleNumber(string text, int from, int to)
    {
        if (from < to && text[from] == '-') from++;
        var digits = 0;
        var separators = 0;
        for (var i = from; i < to; i++)
        {
            if (char.IsAsciiDigit(text[i])) digits++;
            else if (text[i] is '.' or ',' && digits > 0 && i + 1 < to && separators++ == 0) continue;
            else return false;
        }
        return digits > 0 && to - from <= 40;
    }

    /// <summary>Consecutive environments joined by "and", "or" or "," (up to six) form one list answer.</summary>
    public static List<Span> Chains(string text, List<Span> environments)
    {
        var chains = new List<Span>();
        for (var i = 0; i < environments.Count; )
        {
            var parts = new List<string>(environments[i].Parts);
            var percentAll = environments[i].Percent;
            var j = i + 1;
            while (j < environments.Count && j - i < 6 && Joiner(text, environments[j - 1].End, environments[j].Start))
            {
                parts.AddRange(environments[j].Parts);
                j++;
            }
            var last = environments[j - 1];
            chains.Add(new Span(environments[i].Start, last.End, parts, percentAll && j == i + 1, SpanKind.Latex));
            i = j;
        }
        return chains;
    }

    private static bool Joiner(string text, int from, int to)
    {
        if (to - from > 40 || to < from) return false;
        var gap = text.AsSpan(from, to - from).Trim();
        if (gap.Length == 1) return gap[0] == ',';
        if (gap.StartsWith(",")) gap = gap[1..];
        return gap is "and" or "or";
    }

    // ---- plain numbers and arithmetic ----

    private const string ExpressionOperators = "+-*×/^()÷";

    private static bool IsExpressionChar(char c) => char.IsAsciiDigit(c) || c == '.' || char.IsWhiteSpace(c) || ExpressionOperators.Contains(c);

    private static bool IsPrefix(string text, int i) => i == 0 || char.IsWhiteSpace(text[i - 1]) || text[i - 1] == '=';

    private const string Currencies = "$€£¥₹₽₪₩₫฿₡₢₣₤₥₦₧₨₭₮₯₰₱₲₳₴₵₶₷₸₺₻₼₾₿";

    /// <summary>
    /// A number at <paramref name="i"/> (whose previous character is a space or "=", or the start),
    /// in math-verify's formats tried in order: thousands-separated ("1,234.5", "1 000"),
    /// a decimal with point or comma ("1000,99"), ".5", an integer; then an optional percent.
    /// </summary>
    public static Span? NumberAt(string text, int i)
    {
        var start = i;
        if (string.CompareOrdinal(text, i, "**", 0, 2) == 0) i += 2;
        if (i < text.Length && Currencies.Contains(text[i])) i++;
        string number;
        int end;
        if (ThousandsEnd(text, i) is { } t)
        {
            // "1,234.5" and "1 000": the separators go.
            var point = text.IndexOf('.', i, t - i);
            var integer = text[i..(point < 0 ? t : point)].Replace(",", "").Replace(" ", "");
            number = integer + (point < 0 ? "" : text[point..t]);
            end = t;
        }
        else if (DecimalEnd(text, i) is { } d)
        {
            // "1000,99" and "1,22": a decimal comma.
            number = text[i..d].Replace(',', '.');
            end = d;
        }
        else if ((LeadingPointEnd(text, i) ?? IntegerEnd(text, i)) is { } e)
        {
            number = text[i..e];
            end = e;
        }
        else return null;
        var percent = PercentAfter(text, end);
        return new Span(start == 0 ? 0 : start - 1, end + percent, [number], percent > 0, SpanKind.Number);
    }

    private static int? ThousandsEnd(string text, int i)
    {
        var j = i < text.Length && text[i] == '-' ? i + 1 : i;
        if (j >= text.Length || text[j] is < '1' or > '9') return null;
        var k = j + 1;
        while (k < text.Length && k - j < 3 && char.IsAsciiDigit(text[k])) k++;
        var groups = 0;
        while (k < text.Length && text[k] is ' ' or ',' && Digits(text, k + 1, 3))
        {
            k += 4;
            groups++;
        }
        if (groups == 0) return null;
        if (k + 1 < text.Length && text[k] == '.' && char.IsAsciiDigit(text[k + 1]))
        {
            k++;
            while (k < text.Length && char.IsAsciiDigit(text[k])) k++;
        }
        return k;
    }

    private static bool Digits(string text, int from, int count)
    {
        if (from + count > text.Length) return false;
        for (var i = from; i < from + count; i++) if (!char.IsAsciiDigit(text[i])) return false;
        return true;
    }

    private static int? DecimalEnd(string text, int i)
    {
        var j = i < text.Length && text[i] == '-' ? i + 1 : i;
        var k = j;
        while (k < text.Length && char.IsAsciiDigit(text[k])) k++;
        if (k == j || k + 1 >= text.Length || text[k] is not ('.' or ',') || !char.IsAsciiDigit(text[k + 1])) return null;
        k++;
        while (k < text.Length && char.IsAsciiDigit(text[k])) k++;
        return k;
    }

    private static int? LeadingPointEnd(string text, int i)
    {
        if (i + 1 >= text.Length || text[i] != '.' || !char.IsAsciiDigit(text[i + 1])) return null;
        var k = i + 1;
        while (k < text.Length && char.IsAsciiDigit(text[k])) k++;
        return k;
    }

    private static int? IntegerEnd(string text, int i)
    {
        var j = i < text.Length && text[i] == '-' ? i + 1 : i;
        var k = j;
        while (k < text.Length && char.IsAsciiDigit(text[k])) k++;
        return k == j ? null : k;
    }

    /// <summary>
    /// Arithmetic at <paramref name="i"/>: digits and + - * × / ^ ( ) ÷ with at least one
    /// operator, starting with a digit (after an optional "-" and "("), ending before ".", ",",
    /// ":", a space, ")", "$" or the end. <paramref name="runEnd"/> gives each position's maximal
    /// run of such characters and <paramref name="operatorsBefore"/> a prefix count of operators,
    /// so each call is constant time.
    /// </summary>
    public static Span? ExpressionAt(string text, int i, int[] runEnd, int[] operatorsBefore, int[] lastStopBefore)
    {
        var start = i;
        if (string.CompareOrdinal(text, i, "**", 0, 2) == 0) i += 2;
        var head = i;
        if (head < text.Length && text[head] == '-') head++;
        if (head < text.Length && text[head] == '(') head++;
        if (head < text.Length && text[head] == '-') head++;
        if (head >= text.Length || !char.IsAsciiDigit(text[head])) return null;
        var bodyStart = head + 1;
        var run = runEnd[i];
        // The longest end e with an operator in [bodyStart, e - 1) and a stop character at e.
        var e = run;
        if (e < text.Length && !IsStop(text[e])) e = run - 1 >= bodyStart ? lastStopBefore[run - 1] : -1;
        if (e <= bodyStart || operatorsBefore[e - 1] - operatorsBefore[bodyStart] == 0) return null;
        var end = e < text.Length ? e + 1 : e;
        var expression = text[i..e];
        return new Span(start == 0 ? 0 : start - 1, end, [expression], false, SpanKind.Expression);
    }

    private static bool IsStop(char c) => c is '.' or ',' or ':' or ')' or '$' || char.IsWhiteSpace(c);

    public static (int[] RunEnd, int[] OperatorsBefore, int[] LastStopBefore) ExpressionTables(string text)
    {
        var n = text.Length;
        var runEnd = new int[n + 1];
        runEnd[n] = n;
        for (var i = n - 1; i >= 0; i--) runEnd[i] = IsExpressionChar(text[i]) ? runEnd[i + 1] : i;
        var operators = new int[n + 1];
        for (var i = 0; i < n; i++) operators[i + 1] = operators[i] + (ExpressionOperators.Contains(text[i]) ? 1 : 0);
        var lastStop = new int[n];
        for (var i = 0; i < n; i++) lastStop[i] = text[i] is '.' or ')' || char.IsWhiteSpace(text[i]) ? i : i > 0 ? lastStop[i - 1] : -1;
        return (runEnd, operators, lastStop);
    }

    /// <summary>Every match of one of the two plain patterns, left to right without overlap (as finditer).</summary>
    public static List<Span> Plain(string text, bool expressions, (int[] RunEnd, int[] OperatorsBefore, int[] LastStopBefore) tables)
    {
        var found = new List<Span>();
        var i = 0;
        while (i < text.Length)
        {
            if (!IsPrefix(text, i)) { i++; continue; }
            // The prefix character itself (a space or "=") belongs to the match, as in the regex.
            var span = expressions ? ExpressionAt(text, i, tables.RunEnd, tables.OperatorsBefore, tables.LastStopBefore) : NumberAt(text, i);
            if (span is null) { i++; continue; }
            found.Add(span);
            // The next match needs its own prefix character, after this match's end.
            i = Math.Max(span.End + 1, i + 1);
        }
        return found;
    }
}
