namespace Lineage.Filters.Rules;

/// <summary>
/// Word n-grams of benchmark items (after <see cref="TextNormalizer"/>), built once and then
/// queried for many candidates. Each n-gram points at the first item (in the order given)
/// that contains it. An item shorter than n words is indexed whole, so it is still caught
/// when a candidate contains it verbatim.
/// </summary>
public sealed class NgramIndex
{
    /// <summary>13 words, the window used by GPT-3's and later decontamination studies.</summary>
    public const int DefaultN = 13;

    private readonly Dictionary<string, BenchmarkItem> _items = new(StringComparer.Ordinal);
    private readonly SortedSet<int> _lengths = [];

    private NgramIndex(int n) => N = n;

    public int N { get; }

    public int ItemCount { get; private set; }

    public int NgramCount => _items.Count;

    public static NgramIndex Build(IEnumerable<BenchmarkItem> items, int n = DefaultN)
    {
        if (n < 1) throw new ArgumentOutOfRangeException(nameof(n), n, "n must be at least 1");
        var index = new NgramIndex(n);
        foreach (var item in items)
        {
            var words = TextNormalizer.Words(item.Text);
            index.ItemCount++;
            if (words.Length == 0) continue;
            int length = Math.Min(n, words.Length);
            index._lengths.Add(length);
            for (int start = 0; start + length <= words.Length; start++)
            {
                index._items.TryAdd(string.Join(' ', words, start, length), item);
            }
        }
        return index;
    }

    /// <summary>Every window of the candidate's words found in the index, in window order (n-word windows first).</summary>
    public IEnumerable<(string Ngram, BenchmarkItem Item)> Matches(IReadOnlyList<string> words)
    {
        var array = words as string[] ?? words.ToArray();
        foreach (int length in _lengths.Reverse())
        {
            for (int start = 0; start + length <= array.Length; start++)
            {
                string gram = string.Join(' ', array, start, length);
                if (_items.TryGetValue(gram, out var item)) yield return (gram, item);
            }
        }
    }
}
