using System.Text;

namespace Lineage.Api.Teachers;

/// <summary>
/// One choice's reply, built token by token into text that is safe to hand out at once: held back while the last
/// token leaves a character incomplete (its decoding ends in U+FFFD) or while the text ends in what could be the
/// start of a stop sequence. The reply ends before the first stop sequence to appear in it. Streamed and
/// non-streamed replies are both the concatenation of what <see cref="Push"/> and <see cref="Finish"/> return,
/// so they cannot differ.
/// </summary>
public sealed class ChoiceText
{
    private readonly Func<IReadOnlyList<long>, string> _decode;
    private readonly IReadOnlyList<string> _stop;
    private readonly int _longestStop;
    private readonly List<long> _pending = [];
    private readonly StringBuilder _text = new();
    private int _released;

    /// <param name="decode">Token ids to text; decoding a run that starts where a complete character ended must give
    /// the text the whole sequence has there (true of byte-level tokenizers).</param>
    public ChoiceText(Func<IReadOnlyList<long>, string> decode, IReadOnlyList<string> stop)
    {
        if (stop.Any(string.IsNullOrEmpty)) throw new ArgumentException("stop sequences must not be empty", nameof(stop));
        _decode = decode;
        _stop = stop;
        _longestStop = stop.Count == 0 ? 0 : stop.Max(s => s.Length);
    }

    /// <summary>A stop sequence appeared: the reply is complete, and further tokens are not wanted.</summary>
    public bool Stopped { get; private set; }

    /// <summary>Adds the next token; returns the text it releases (often empty).</summary>
    public string Push(long token)
    {
        if (Stopped) throw new InvalidOperationException("the reply already ended at a stop sequence");
        _pending.Add(token);
        var piece = _decode(_pending);
        if (piece.EndsWith('\uFFFD')) return "";
        _pending.Clear();
        Append(piece);
        return Release(all: Stopped);
    }

    /// <summary>Ends the reply (end of sequence, token limit): returns whatever was still held back.</summary>
    public string Finish()
    {
        if (!Stopped && _pending.Count > 0)
        {
            Append(_decode(_pending));
            _pending.Clear();
        }
        return Release(all: true);
    }

    private void Append(string piece)
    {
        // No stop sequence lies wholly in the text before this piece, so one that appears now ends inside the piece.
        var from = Math.Max(0, _text.Length - (_longestStop - 1));
        _text.Append(piece);
        if (_longestStop == 0) return;
        var window = _text.ToString(from, _text.Length - from);
        var cut = -1;
        foreach (var s in _stop)
        {
            var at = window.IndexOf(s, StringComparison.Ordinal);
            if (at >= 0 && (cut < 0 || at < cut)) cut = at;
        }
        if (cut < 0) return;
        _text.Length = from + cut;
        Stopped = true;
    }

    private string Release(bool all)
    {
        var end = all ? _text.Length : _text.Length - HeldForStop();
        // Never split a surrogate pair between two pieces: each piece is serialised on its own.
        if (!all && end > _released && char.IsHighSurrogate(_text[end - 1])) end--;
        if (end <= _released) return "";
        var released = _text.ToString(_released, end - _released);
        _released = end;
        return released;
    }

    /// <summary>Length of the longest end of the text that is a proper beginning of a stop sequence.</summary>
    private int HeldForStop()
    {
        if (_longestStop <= 1) return 0;
        var tailLength = Math.Min(_text.Length - _released, _longestStop - 1);
        var tail = _text.ToString(_text.Length - tailLength, tailLength);
        var held = 0;
        foreach (var s in _stop)
        {
            for (var k = Math.Min(s.Length - 1, tail.Length); k > held; k--)
            {
                if (!tail.AsSpan().EndsWith(s.AsSpan(0, k), StringComparison.Ordinal)) continue;
                held = k;
                break;
            }
        }
        return held;
    }
}
