namespace Lineage.Generators.Verification.Grading;

/// <summary>
/// One linear pass over a text that answers, in constant time, the questions extraction
/// keeps asking: where the brace opened here closes, where the next unescaped "$", "$$",
/// "\]", "\)" or newline is. This is what keeps extraction linear on hostile input (a
/// megabyte of "{" or of "\boxed{" costs a few passes, not a quadratic rescan).
/// </summary>
internal sealed class TextIndex
{
    public string Text { get; }
    public int Length => Text.Length;
    private readonly int[] _closeOf;
    private readonly int[] _nextDollar;
    private readonly int[] _nextDoubleDollar;
    private readonly int[] _nextBracketClose;
    private readonly int[] _nextParenClose;
    private readonly int[] _nextNewline;
    private readonly int[] _nextSquare;

    public TextIndex(string text)
    {
        Text = text;
        var n = text.Length;
        _closeOf = new int[n];
        Array.Fill(_closeOf, -1);
        var stack = new Stack<int>();
        for (var i = 0; i < n; i++)
        {
            var c = text[i];
            if (c == '\\' && i + 1 < n && text[i + 1] is '{' or '}') { i++; continue; }
            if (c == '{') stack.Push(i);
            else if (c == '}' && stack.Count > 0) _closeOf[stack.Pop()] = i;
        }
        _nextDollar = Next(i => text[i] == '$' && !Escaped(i));
        _nextDoubleDollar = Next(i => i + 1 < n && text[i] == '$' && text[i + 1] == '$' && !Escaped(i));
        _nextBracketClose = Next(i => i + 1 < n && text[i] == '\\' && text[i + 1] == ']' && !Escaped(i));
        _nextParenClose = Next(i => i + 1 < n && text[i] == '\\' && text[i + 1] == ')' && !Escaped(i));
        _nextNewline = Next(i => text[i] == '\n');
        _nextSquare = Next(i => text[i] is '[' or ']' or '\n');
    }

    private int[] Next(Func<int, bool> at)
    {
        var n = Text.Length;
        var next = new int[n + 1];
        next[n] = -1;
        for (var i = n - 1; i >= 0; i--) next[i] = at(i) ? i : next[i + 1];
        return next;
    }

    public bool Escaped(int i) => i > 0 && Text[i - 1] == '\\';

    /// <summary>The index of the "}" closing the "{" at <paramref name="open"/>; -1 when it never closes.</summary>
    public int CloseOf(int open) => open < Text.Length && Text[open] == '{' ? _closeOf[open] : -1;

    public int NextDollar(int from) => from >= Text.Length ? -1 : _nextDollar[from];
    public int NextDoubleDollar(int from) => from >= Text.Length ? -1 : _nextDoubleDollar[from];
    public int NextBracketClose(int from) => from >= Text.Length ? -1 : _nextBracketClose[from];
    public int NextParenClose(int from) => from >= Text.Length ? -1 : _nextParenClose[from];
    public int NextNewline(int from) => from >= Text.Length ? -1 : _nextNewline[from];
    public int NextSquareOrNewline(int from) => from >= Text.Length ? -1 : _nextSquare[from];
}
