using System.Globalization;

namespace Lineage.Api.Exports;

/// <summary>What an export was asked for, after checking: format, archive kind (hf over HTTP), shard and row-group sizes.</summary>
public sealed record ExportRequest(ExportFormat Format, string Archive, int ShardRows, int RowGroupRows)
{
    public const int MaxRows = 10_000_000;

    /// <summary>
    /// Parses the raw values (query string or CLI options); each bad one is reported under the name the caller used,
    /// and nothing is exported when there is any.
    /// </summary>
    public static (ExportRequest? Request, Dictionary<string, string[]> Errors) Parse(
        string? format, string? archive, string? shardRows, string? rowGroupRows,
        string shardRowsName = "shardRows", string rowGroupRowsName = "rowGroupRows")
    {
        var errors = new Dictionary<string, string[]>();
        var parsedFormat = ExportFormats.Parse(format);
        if (parsedFormat is null) errors["format"] = [$"'format' must be {ExportFormats.Names}; got '{format}'."];
        var kind = string.IsNullOrEmpty(archive) ? "tar" : archive.ToLowerInvariant();
        if (!FolderArchive.Kinds.Contains(kind)) errors["archive"] = [$"'archive' must be {string.Join(" or ", FolderArchive.Kinds)}; got '{archive}'."];
        var shards = Rows(shardRows, HfDatasetFolder.DefaultShardRows, shardRowsName, errors);
        var groups = Rows(rowGroupRows, ParquetRowWriter.DefaultRowGroupRows, rowGroupRowsName, errors);
        return errors.Count > 0 ? (null, errors) : (new ExportRequest(parsedFormat!.Value, kind, shards, groups), errors);
    }

    private static int Rows(string? text, int fallback, string name, Dictionary<string, string[]> errors)
    {
        if (string.IsNullOrEmpty(text)) return fallback;
        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n is >= 1 and <= MaxRows) return n;
        errors[name] = [$"'{name}' must be a whole number from 1 to {MaxRows}; got '{text}'."];
        return fallback;
    }
}
