namespace Lineage.Filters.Diversity;

/// <summary>Clusters whose size lies in [Lower, Upper].</summary>
public sealed record SizeBucket(long Lower, long Upper, int Clusters);

/// <summary>
/// The distribution of cluster sizes in powers of two ([0], [1], [2, 3], [4, 7], ...): with
/// K = 10% of the pool, the interesting part is the long tail of tiny and huge clusters,
/// which linear bins would squash into one bar.
/// </summary>
public sealed record ClusterSizeHistogram(IReadOnlyList<SizeBucket> Buckets, long Min, double Median, long Max, double Mean)
{
    public static ClusterSizeHistogram From(IReadOnlyList<long> sizes)
    {
        if (sizes.Count == 0) throw new ArgumentException("no clusters", nameof(sizes));
        if (sizes.Any(s => s < 0)) throw new ArgumentException("sizes cannot be negative", nameof(sizes));
        var counts = new SortedDictionary<int, int>();
        foreach (long size in sizes)
        {
            int bucket = size == 0 ? -1 : 63 - (int)long.LeadingZeroCount(size);
            counts[bucket] = counts.GetValueOrDefault(bucket) + 1;
        }
        var buckets = counts
            .Select(c => c.Key < 0 ? new SizeBucket(0, 0, c.Value) : new SizeBucket(1L << c.Key, (1L << (c.Key + 1)) - 1, c.Value))
            .ToList();
        var sorted = sizes.Order().ToArray();
        int mid = sorted.Length / 2;
        double median = sorted.Length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2.0;
        return new ClusterSizeHistogram(buckets, sorted[0], median, sorted[^1], sorted.Average());
    }

    public void WriteTo(TextWriter writer)
    {
        writer.WriteLine($"cluster sizes: min {Min}, median {Median}, mean {Mean:F2}, max {Max}");
        int widest = Buckets.Max(b => b.Clusters);
        foreach (var b in Buckets)
        {
            string range = b.Lower == b.Upper ? $"{b.Lower}" : $"{b.Lower}-{b.Upper}";
            int bar = (int)Math.Ceiling(40.0 * b.Clusters / widest);
            writer.WriteLine($"{range,12} {b.Clusters,8} {new string('#', bar)}");
        }
    }
}
