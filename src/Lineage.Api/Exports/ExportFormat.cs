namespace Lineage.Api.Exports;

/// <summary>The shapes a sealed version can leave Lineage in.</summary>
public enum ExportFormat
{
    /// <summary>JSON Lines, one example per line with a nested lineage object (the original export).</summary>
    Jsonl,
    /// <summary>One Parquet file with flat lineage columns (<see cref="ExportColumns"/>).</summary>
    Parquet,
    /// <summary>A Hugging Face dataset folder: <c>data/train-*.parquet</c> shards and a <c>README.md</c> card.</summary>
    Hf,
}

public static class ExportFormats
{
    public const string Names = "jsonl, parquet or hf";

    /// <summary>The format named (case-insensitive), jsonl when none is named, null for an unknown name.</summary>
    public static ExportFormat? Parse(string? name) => name?.ToLowerInvariant() switch
    {
        null or "" or "jsonl" => ExportFormat.Jsonl,
        "parquet" => ExportFormat.Parquet,
        "hf" => ExportFormat.Hf,
        _ => null,
    };
}
