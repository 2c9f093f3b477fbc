namespace Lineage.Generators.Verification.Grading;

/// <summary>Whose answer is being read: a reference (a bare answer, or a gold solution) or a model's solution.</summary>
public enum AnswerRole
{
    /// <summary>A reference answer: a bare word such as "Yes" is accepted as the answer itself.</summary>
    Reference,

    /// <summary>A model's solution: only what math-verify's patterns extract counts.</summary>
    Solution,
}

/// <summary>
/// Lists the places in a text that may hold its final answer, best first, the way
/// math-verify's extraction ranks its patterns (with boxes ranked first, as in its own
/// tests): priority 0 the last \boxed{} (with the boxes just before it) and "final answer is
/// X. I hope"; 50 "final answer … is X"; 100 "answer: … X"; 200 "answer … X"; 300 any math
/// environment or plain number/arithmetic. Within a priority the match ending last comes
/// first. A text with no math delimiters that reads as a formula ("2x+1", "(1, 2)") is the
/// answer as a whole, ahead of everything else: math-verify would pull the "2" out of "2x+1".
/// </summary>
internal static class AnswerExtractor
{
    private const int Window = 50;
    private const int FinalWindow = 100;

    public static IEnumerable<IReadOnlyList<Span>> Groups(string text, bool wholeTextFirst = true)
    {
        if (text.Length == 0) yield break;
        if (wholeTextFirst && IsBareFormula(text))
        {
            var trimmed = text.Trim();
            yield return [new Span(0, text.Length, [trimmed], false, SpanKind.Latex)];
        }
        var index = new TextIndex(text);
        var tables = Scanners.ExpressionTables(text);
        var environments = Scanners.Environments(index);

        var first = new List<Span>();
        if (Scanners.LastBoxes(index) is { } box) first.Add(box);
        var finalAnswers = Occurrences(text, "final answer");
        foreach (var at in finalAnswers)
            if (FinalAnswerIsIHope(index, at + "final answer".Length, tables) is { } hope) first.Add(hope);
        yield return Order(first);

        yield return Order(finalAnswers.Select(at => FinalAnswerIs(index, at + "final answer".Length, tables)).OfType<Span>().ToList());

        var answers = Occurrences(text, "answer");
        yield return Order(answers.SelectMany(at => AfterAnswerWord(index, at + "answer".Length, colon: true, tables)).ToList());
        yield return Order(answers.SelectMany(at => AfterAnswerWord(index, at + "answer".Length, colon: false, tables)).ToList());

        var plain = Scanners.Chains(text, environments);
        plain.AddRange(Scanners.Plain(text, expressions: true, tables));
        plain.AddRange(Scanners.Plain(text, expressions: false, tables));
        yield return Order(plain);
    }

    private static IReadOnlyList<Span> Order(List<Span> spans) =>
        spans.OrderByDescending(s => s.End).ThenBy(s => s.Start).ToList();

    private static List<int> Occurrences(string text, string phrase)
    {
        var found = new List<int>();
        for (var i = text.IndexOf(phrase, StringComparison.OrdinalIgnoreCase); i >= 0; i = text.IndexOf(phrase, i + 1, StringComparison.OrdinalIgnoreCase))
            found.Add(i);
        return found;
    }

    /// <summary>"final answer is $X$. I hope" / "final answer is X. I hope": the phrase some models end with.</summary>
    private static Span? FinalAnswerIsIHope(TextIndex index, int after, (int[], int[], int[]) tables)
    {
        var text = index.Text;
        if (string.Compare(text, after, " is", 0, 3, StringComparison.OrdinalIgnoreCase) != 0) return null;
        var i = after + 3;
        if (i < text.Length && text[i] == ':') i++;
        var latex = LatexAt(index, SkipSpaces(text, i));
        if (latex is not null && FollowedByIHope(text, latex.End)) return latex;
        for (var q = i; q < text.Length && (q == i || char.IsWhiteSpace(text[q - 1])); q++)
        {
            if (!char.IsWhiteSpace(text[q]) && text[q] != '=') break;
            if (ExpressionOrNumberAt(text, q + 1, tables) is { } plain && FollowedByIHope(text, plain.End)) return plain;
        }
        return null;
    }

    private static bool FollowedByIHope(string text, int i)
    {
        if (i < text.Length && text[i] == '.') i++;
        if (i < text.Length && char.IsWhiteSpace(text[i])) i++;
        return string.CompareOrdinal(text, i, "I hope", 0, 6) == 0;
    }

    /// <summary>"final answer … is X", with up to 100 characters between "final answer" and "is".</summary>
    private static Span? FinalAnswerIs(TextIndex index, int after, (int[], int[], int[]) tables)
    {
        var text = index.Text;
        var limit = Math.Min(text.Length - 2, after + FinalWindow + 1);
        Span? best = null;
        for (var p = after + 1; p <= limit; p++)
        {
            if (text[p] != 'i' || text[p + 1] != 's' || !char.IsWhiteSpace(text[p - 1])) continue;
            var i = p + 2;
            if (i < text.Length && text[i] == ':') i++;
            var latex = LatexAt(index, SkipSpaces(text, i));
            var plain = i < text.Length && (char.IsWhiteSpace(text[i]) || text[i] == '=') ? ExpressionOrNumberAt(text, i + 1, tables) : null;
            // The latex and the plain pattern are separate regexes: each takes its first "is"; the later end wins.
            foreach (var s in new[] { latex, plain })
                if (s is not null && (best is null || s.End > best.End)) best = s;
            if (best is not null) return best;
        }
        return null;
    }

    /// <summary>After "answer" (or "answer:"): the first math within 50 characters, or a value after the last "=" within 100.</summary>
    private static IEnumerable<Span> AfterAnswerWord(TextIndex index, int after, bool colon, (int[], int[], int[]) tables)
    {
        var text = index.Text;
        if (colon)
        {
            if (after >= text.Length || text[after] != ':') yield break;
            after++;
        }
        for (var q = after; q <= Math.Min(text.Length - 1, after + Window); q++)
        {
            if (LatexAt(index, q) is { } latex) { yield return latex; break; }
        }
        Span? plain = null;
        var lastEquals = -1;
        for (var q = Math.Min(text.Length - 1, after + FinalWindow); q >= after && lastEquals < 0; q--)
            if (text[q] == '=') lastEquals = q;
        if (lastEquals >= after)
        {
            var q = lastEquals + 1;
            while (q < text.Length && char.IsWhiteSpace(text[q])) q++;
            if (q > lastEquals + 1 && ExpressionOrNumberAt(text, q, tables) is { } afterEquals && !EqualsFollows(text, afterEquals.End)) plain = afterEquals;
        }
        for (var q = after; plain is null && q <= Math.Min(text.Length - 1, after + Window); q++)
            if ((char.IsWhiteSpace(text[q]) || text[q] == '=') && ExpressionOrNumberAt(text, q + 1, tables) is { } s && !EqualsFollows(text, s.End)) plain = s;
        if (plain is not null) yield return plain;
    }

    private static bool EqualsFollows(string text, int i)
    {
        while (i < text.Length && char.IsWhiteSpace(text[i])) i++;
        return i < text.Length && text[i] == '=';
    }

    private static int SkipSpaces(string text, int i)
    {
        while (i < text.Length && char.IsWhiteSpace(text[i])) i++;
        return i;
    }

    /// <summary>A math environment (and any joined by "and"/","/"or") starting exactly at <paramref name="i"/>.</summary>
    private static Span? LatexAt(TextIndex index, int i)
    {
        if (i >= index.Length) return null;
        var environments = new List<Span>();
        var at = i;
        while (environments.Count < 6)
        {
            var next = EnvironmentStartingAt(index, at);
            if (next is null) break;
            environments.Add(next);
            // a joiner and the next environment
            var j = next.End;
            while (j < index.Length && char.IsWhiteSpace(index.Text[j])) j++;
            var k = j;
            if (k < index.Length && index.Text[k] == ',') k++;
            while (k < index.Length && char.IsWhiteSpace(index.Text[k])) k++;
            if (string.CompareOrdinal(index.Text, k, "and", 0, 3) == 0) k += 3;
            else if (string.CompareOrdinal(index.Text, k, "or", 0, 2) == 0) k += 2;
            else if (k == j) break;
            while (k < index.Length && char.IsWhiteSpace(index.Text[k])) k++;
            at = k;
        }
        if (environments.Count == 0) return null;
        return environments.Count == 1 ? environments[0] : Scanners.Chains(index.Text, environments)[0];
    }

    private static Span? EnvironmentStartingAt(TextIndex index, int i)
    {
        var found = Scanners.EnvironmentAtPublic(index, i);
        if (found is null) return null;
        var percent = Scanners.PercentAfter(index.Text, found.End);
        return percent > 0 ? found with { End = found.End + percent, Percent = true } : found;
    }

    private static Span? ExpressionOrNumberAt(string text, int i, (int[] RunEnd, int[] OperatorsBefore, int[] LastStopBefore) tables)
    {
        if (i >= text.Length) return null;
        return Scanners.ExpressionAt(text, i, tables.RunEnd, tables.OperatorsBefore, tables.LastStopBefore) ?? Scanners.NumberAt(text, i);
    }

    /// <summary>
    /// A short text with no math delimiters whose letters are variables, not words: "2x+1",
    /// "(1, 2)", "\frac{\sqrt{2}}{2}", "x \le 5", "\text{Evelyn}".
    /// </summary>
    public static bool IsBareFormula(string text)
    {
        var s = text.Trim();
        if (s.Length == 0 || s.Length > LatexCleaner.MaxLength || s.Contains('\n')) return false;
        // An escaped dollar is a currency sign ("\$5"); a bare one opens math, which the patterns read.
        for (var d = s.IndexOf('$'); d >= 0; d = s.IndexOf('$', d + 1))
            if (d == 0 || s[d - 1] != '\\') return false;
        if (s.Contains("\\boxed", StringComparison.Ordinal) || s.Contains("\\fbox", StringComparison.Ordinal)
            || s.Contains("\\[", StringComparison.Ordinal) || s.Contains("\\(", StringComparison.Ordinal)) return false;
        // A plain number ("1,22", "1 000", "28 percent") is read by the number pattern, as math-verify does.
        if (Scanners.NumberAt(s, 0) is { } number && number.End >= s.TrimEnd('.').Length) return false;
        var i = 0;
        var sawMath = false;
        while (i < s.Length)
        {
            var c = s[i];
            if (c == '\\')
            {
                var start = ++i;
                while (i < s.Length && char.IsAsciiLetter(s[i])) i++;
                var name = s[start..i];
                // \text{…} holds a word answer; skip its content.
                if (name is "text" or "mathrm" or "textbf" or "mbox" or "textit" or "mathbf" or "operatorname" && i < s.Length && s[i] == '{')
                {
                    var close = s.IndexOf('}', i);
                    if (close < 0) return false;
                    i = close + 1;
                }
                if (i == start && i < s.Length) i++;
                sawMath = true;
                continue;
            }
            if (char.IsAsciiLetter(c))
            {
                var start = i;
                while (i < s.Length && char.IsAsciiLetter(s[i])) i++;
                var word = s[start..i];
                if (word.Length > 2 && word is not ("and" or "or" or "sqrt" or "pi" or "inf" or "cm" or "mm" or "km")) return false;
                sawMath = true;
                continue;
            }
            if (!char.IsWhiteSpace(c) && c is not ('?' or '"')) sawMath = true;
            i++;
        }
        return sawMath;
    }
}
