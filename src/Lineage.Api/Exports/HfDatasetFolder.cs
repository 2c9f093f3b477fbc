using System.Globalization;

namespace Lineage.Api.Exports;

/// <summary>
/// The layout of a Hugging Face dataset folder as Lineage writes and reads it: <c>README.md</c> (the card) and the
/// train split's Parquet shards <c>data/train-00000-of-0000N.parquet</c>, the Hub's own naming.
/// </summary>
public static class HfDatasetFolder
{
    public const string Card = "README.md";
    public const string DataFolder = "data";
    public const int DefaultShardRows = 100_000;

    public static string ShardName(int index, int count) =>
        string.Create(CultureInfo.InvariantCulture, $"{DatasetCard.Split}-{index:D5}-of-{count:D5}.parquet");

    /// <summary>How many shards hold <paramref name="rows"/> rows at most <paramref name="shardRows"/> each (one, even when empty).</summary>
    public static int ShardCount(int rows, int shardRows) => Math.Max(1, (rows + shardRows - 1) / shardRows);

    /// <summary>The folder's Parquet files (<c>data/*.parquet</c>) in ordinal name order: the order rows are read and hashed in.</summary>
    public static IReadOnlyList<string> DataFiles(string folder)
    {
        var data = Path.Combine(folder, DataFolder);
        return Directory.Exists(data)
            ? Directory.GetFiles(data, "*.parquet").OrderBy(f => Path.GetFileName(f), StringComparer.Ordinal).ToList()
            : [];
    }
}
