using System.Globalization;
using System.Text;

namespace Lineage.Proxy.Tokenization;

/// <summary>
/// The pre-tokenization regex shared by Qwen2/Qwen3 and Llama 3:
/// <code>(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,K}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+</code>
/// where K is 1 for Qwen and 3 for Llama 3.
/// </summary>
/// <remarks>
/// It is matched by hand rather than with <see cref="System.Text.RegularExpressions.Regex"/>
/// because .NET's regex classifies UTF-16 code units: a letter outside the BMP
/// (<c>𝑥</c>, CJK extension B) is two surrogates to it and never matches <c>\p{L}</c>,
/// which would split words differently from the Rust engines these vocabularies
/// were trained with. The scanner walks code points and reproduces the regex's
/// leftmost-alternative, greedy-with-backtracking result branch by branch.
/// Where engines disagree it follows the Rust ones (Oniguruma in HF tokenizers,
/// the regex crate in tiktoken): <c>\s</c> is Unicode White_Space (U+0085 in,
/// U+FEFF out) and <c>(?i)</c> uses Unicode case folding, so <c>'ſ</c> is a
/// contraction.
/// </remarks>
public sealed class SplitPattern
{
    public const string Qwen2Regex =
        @"(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+";

    public const string Llama3Regex =
        @"(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+";

    public static readonly SplitPattern Qwen2 = new(Qwen2Regex, maxDigitRun: 1);
    public static readonly SplitPattern Llama3 = new(Llama3Regex, maxDigitRun: 3);

    private readonly int _maxDigitRun;

    private SplitPattern(string regex, int maxDigitRun)
    {
        Regex = regex;
        _maxDigitRun = maxDigitRun;
    }

    /// <summary>The regex this scanner stands for, exactly as tokenizer.json spells it.</summary>
    public string Regex { get; }

    /// <summary>The scanner for a tokenizer.json Split regex.</summary>
    /// <exception cref="NotSupportedException">No scanner reproduces <paramref name="regex"/>.</exception>
    public static SplitPattern ForRegex(string regex) =>
        regex == Qwen2Regex ? Qwen2
        : regex == Llama3Regex ? Llama3
        : throw new NotSupportedException($"No pre-tokenizer reproduces the split regex {regex}.");

    /// <summary>The pieces the regex cuts <paramref name="text"/> into, as UTF-16 ranges.</summary>
    public IReadOnlyList<Range> Split(string text)
    {
        var scan = new CodePoints(text);
        var pieces = new List<Range>();
        for (var i = 0; i < scan.Count;)
        {
            var length = MatchAt(scan, i);
            pieces.Add(scan.Start(i)..scan.Start(i + length));
            i += length;
        }
        return pieces;
    }

    /// <summary>Length, in code points, of the regex's match at <paramref name="i"/>.</summary>
    private int MatchAt(CodePoints s, int i)
    {
        // (?i:'s|'t|'re|'ve|'m|'ll|'d)
        var contraction = ContractionAt(s, i);
        if (contraction > 0) return contraction;

        // [^\r\n\p{L}\p{N}]?\p{L}+ : the optional prefix can never be a letter, so a
        // letter here starts the run itself, and a prefix needs a letter after it.
        if (s.IsLetter(i)) return s.RunOf(i, s.IsLetter);
        if (!s.IsLineBreak(i) && !s.IsNumber(i) && s.IsLetter(i + 1)) return 1 + s.RunOf(i + 1, s.IsLetter);

        // \p{N}{1,K}: the run is counted no further than K, so a long number is cut in linear time.
        if (s.IsNumber(i)) return s.RunOf(i, s.IsNumber, _maxDigitRun);

        // " ?[^\s\p{L}\p{N}]+[\r\n]*"
        var symbolStart = s.Value(i) == ' ' && s.IsSymbol(i + 1) ? i + 1 : i;
        if (s.IsSymbol(symbolStart))
        {
            var end = symbolStart + s.RunOf(symbolStart, s.IsSymbol);
            end += s.RunOf(end, s.IsLineBreak);
            return end - i;
        }

        // Only whitespace is left. \s*[\r\n]+ backtracks to the run's last line
        // break: everything up to and including it.
        var whitespaceEnd = i + s.RunOf(i, s.IsWhitespace);
        for (var k = whitespaceEnd - 1; k >= i; k--)
            if (s.IsLineBreak(k)) return k + 1 - i;

        // \s+(?!\S) gives back one character so the next word keeps its leading
        // space; a lone space before a word falls through to \s+.
        var atEnd = whitespaceEnd == s.Count;
        return atEnd || whitespaceEnd - i == 1 ? whitespaceEnd - i : whitespaceEnd - 1 - i;
    }

    private static int ContractionAt(CodePoints s, int i)
    {
        if (s.Value(i) != '\'') return 0;
        var first = Fold(s.Value(i + 1));
        var second = Fold(s.Value(i + 2));
        return (first, second) switch
        {
            ('r', 'e') or ('v', 'e') or ('l', 'l') => 3,
            ('s', _) or ('t', _) or ('m', _) or ('d', _) => 2,
            _ => 0,
        };
    }

    /// <summary>Simple case folding, restricted to what the contraction letters need.</summary>
    private static int Fold(int codePoint) => codePoint switch
    {
        >= 'A' and <= 'Z' => codePoint + ('a' - 'A'),
        0x017F => 's', // LATIN SMALL LETTER LONG S folds to s.
        _ => codePoint,
    };

    /// <summary>The text as code points, with the UTF-16 offset of each.</summary>
    private sealed class CodePoints
    {
        private readonly List<int> _values = [];
        private readonly List<int> _starts = [];
        private readonly int _length;

        public CodePoints(string text)
        {
            _length = text.Length;
            for (var offset = 0; offset < text.Length;)
            {
                // A lone surrogate decodes as U+FFFD, a symbol, as the UTF-8 encoder will write it.
                Rune.DecodeFromUtf16(text.AsSpan(offset), out var rune, out var consumed);
                _values.Add(rune.Value);
                _starts.Add(offset);
                offset += consumed;
            }
        }

        public int Count => _values.Count;

        public int Start(int i) => i < _starts.Count ? _starts[i] : _length;

        /// <summary>The code point at <paramref name="i"/>, or -1 past the end.</summary>
        public int Value(int i) => i < _values.Count ? _values[i] : -1;

        /// <summary>How many code points from <paramref name="i"/> on satisfy <paramref name="predicate"/>, counted no
        /// further than <paramref name="limit"/>. Split stays linear because every match consumes the run it counted,
        /// except a whitespace run, which is crossed at most three times (to its last line break, all but one, one).</summary>
        public int RunOf(int i, Func<int, bool> predicate, int limit = int.MaxValue)
        {
            var end = i;
            while (end - i < limit && predicate(end)) end++;
            return end - i;
        }

        public bool IsLetter(int i) => i < Count && Category(i) is UnicodeCategory.UppercaseLetter
            or UnicodeCategory.LowercaseLetter or UnicodeCategory.TitlecaseLetter
            or UnicodeCategory.ModifierLetter or UnicodeCategory.OtherLetter;

        public bool IsNumber(int i) => i < Count && Category(i) is UnicodeCategory.DecimalDigitNumber
            or UnicodeCategory.LetterNumber or UnicodeCategory.OtherNumber;

        public bool IsWhitespace(int i) => i < Count && Rune.IsWhiteSpace(new Rune(_values[i]));

        public bool IsLineBreak(int i) => Value(i) is '\r' or '\n';

        /// <summary><c>[^\s\p{L}\p{N}]</c>: punctuation, symbols, marks, controls.</summary>
        public bool IsSymbol(int i) => i < Count && !IsWhitespace(i) && !IsLetter(i) && !IsNumber(i);

        private UnicodeCategory Category(int i) => Rune.GetUnicodeCategory(new Rune(_values[i]));
    }
}
