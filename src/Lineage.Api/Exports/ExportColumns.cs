using Parquet;
using Parquet.Schema;

namespace Lineage.Api.Exports;

/// <summary>
/// One column of the Parquet export: its Parquet field, the Hugging Face feature it declares in the dataset card,
/// and how a row group of it is written. The list of columns (<see cref="ExportColumns.All"/>) is the one place the
/// export's shape is defined; schema, card and writer are derived from it.
/// </summary>
public abstract class ExportColumn(string name, string description)
{
    public string Name => name;
    public string Description => description;
    /// <summary>The field as it stands in the schema (levels are set when the schema is built).</summary>
    public abstract Field Field { get; }
    /// <summary>The card's feature entry: key (<c>dtype</c> or <c>sequence</c>) and value, as <c>datasets</c> reads them.</summary>
    public abstract (string Key, string Value) HfFeature { get; }
    public abstract Task WriteAsync(ParquetRowGroupWriter writer, IReadOnlyList<ExportRow> rows, CancellationToken ct);
}

public sealed class StringColumn(string name, bool nullable, Func<ExportRow, string?> value, string description)
    : ExportColumn(name, description)
{
    private readonly DataField<string> _field = new(name, nullable);
    public override Field Field => _field;
    public override (string Key, string Value) HfFeature => ("dtype", "string");

    public override Task WriteAsync(ParquetRowGroupWriter writer, IReadOnlyList<ExportRow> rows, CancellationToken ct)
    {
        var values = new string?[rows.Count];
        for (var i = 0; i < rows.Count; i++)
            values[i] = value(rows[i]) ?? (nullable ? null : throw new InvalidOperationException($"{Name} of {rows[i].Id} is null"));
        return writer.WriteAsync(_field, values);
    }
}

public sealed class Int32Column(string name, bool nullable, Func<ExportRow, int?> value, string description)
    : ExportColumn(name, description)
{
    private readonly DataField<int> _field = new(name, nullable);
    public override Field Field => _field;
    public override (string Key, string Value) HfFeature => ("dtype", "int32");

    public override async Task WriteAsync(ParquetRowGroupWriter writer, IReadOnlyList<ExportRow> rows, CancellationToken ct)
    {
        if (nullable)
        {
            var values = rows.Select(value).ToArray();
            await writer.WriteAsync<int>(_field, values, cancellationToken: ct);
        }
        else
        {
            var values = rows.Select(r => value(r) ?? throw new InvalidOperationException($"{Name} of {r.Id} is null")).ToArray();
            await writer.WriteAsync<int>(_field, values, cancellationToken: ct);
        }
    }
}

/// <summary>A list of strings (never null; possibly empty), written as Parquet's standard three-level LIST.</summary>
public sealed class StringListColumn : ExportColumn
{
    private readonly DataField<string> _item = new(ListField.ElementName, false);
    private readonly ListField _field;
    private readonly Func<ExportRow, IReadOnlyList<string>> _value;

    public StringListColumn(string name, Func<ExportRow, IReadOnlyList<string>> value, string description) : base(name, description)
    {
        _field = new ListField(name, _item);
        _value = value;
    }

    public override Field Field => _field;
    public override (string Key, string Value) HfFeature => ("sequence", "string");

    public override Task WriteAsync(ParquetRowGroupWriter writer, IReadOnlyList<ExportRow> rows, CancellationToken ct)
    {
        // Levels by hand: a row's first slot repeats at 0 and the rest at 1; a present element is defined to the
        // item's full depth, an empty list one level short of it (the list exists, it has no element).
        var present = _item.MaxDefinitionLevel;
        var values = new List<ReadOnlyMemory<char>>();
        var definitions = new List<int>();
        var repetitions = new List<int>();
        foreach (var row in rows)
        {
            var items = _value(row);
            if (items.Count == 0)
            {
                definitions.Add(present - 1);
                repetitions.Add(0);
                continue;
            }
            for (var i = 0; i < items.Count; i++)
            {
                values.Add(items[i].AsMemory());
                definitions.Add(present);
                repetitions.Add(i == 0 ? 0 : 1);
            }
        }
        return writer.WriteAllPartsAsync<ReadOnlyMemory<char>>(_item, values.ToArray(), definitions.ToArray(), repetitions.ToArray(), ct);
    }
}

public static class ExportColumns
{
    public static readonly IReadOnlyList<ExportColumn> All =
    [
        new StringColumn("id", false, r => r.Id, "example id (`{run}-{round}-{batch}-{index}`)"),
        new StringColumn("problem", false, r => r.Problem, "the problem text"),
        new StringColumn("solution", false, r => r.Solution, "the worked solution, ending in `\\boxed{}`"),
        new StringColumn("answer", true, r => r.Answer, "the verified final answer"),
        new StringColumn("reasoning", true, r => r.Reasoning, "the teacher's separate reasoning trace for this solution, when it returned one"),
        new StringColumn("generator", true, r => r.Generator, "generator id (procedural family/template, or the teacher's source id)"),
        new StringColumn("model", true, r => r.Model, "teacher model id (null for procedural)"),
        new StringColumn("template_hash", true, r => r.TemplateHash, "SHA-256 of the prompt template"),
        new StringListColumn("parents", r => r.Parents, "ids of the examples it was generated from (empty in round 1)"),
        new Int32Column("round", false, r => r.Round, "the round that generated and kept it"),
        new StringColumn("clustering", true, r => r.Clustering, "the clustering its round placed it in (null without diversity)"),
        new Int32Column("cluster", true, r => r.Cluster, "its cluster in that clustering"),
        new Int32Column("cluster_size", true, r => r.ClusterSize, "that cluster's size when it was assigned"),
        new StringColumn("decision", false, r => r.Decision, "`kept` (a version holds only kept examples)"),
        new StringColumn("rule", true, r => r.Rule, "the rules it passed, joined by `+`"),
        new StringColumn("evidence", true, r => r.Evidence, "the evidence the deciding rules compared, as a JSON object"),
        new StringColumn("content_sha256", false, r => r.ContentSha256, "SHA-256 of its canonical content, as in the version manifest"),
    ];

    public static readonly ParquetSchema Schema = new(All.Select(c => c.Field));
}
