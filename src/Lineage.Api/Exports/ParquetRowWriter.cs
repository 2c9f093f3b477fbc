using Parquet;

namespace Lineage.Api.Exports;

/// <summary>
/// Writes <see cref="ExportRow"/>s to one Parquet file with <see cref="ExportColumns.Schema"/>, buffering at most one
/// row group: memory is bounded by the row-group size, whatever the number of rows.
/// </summary>
public sealed class ParquetRowWriter : IAsyncDisposable
{
    public const int DefaultRowGroupRows = 2000;

    private readonly ParquetWriter _writer;
    private readonly int _rowGroupRows;
    private readonly List<ExportRow> _buffer;

    private ParquetRowWriter(ParquetWriter writer, int rowGroupRows) =>
        (_writer, _rowGroupRows, _buffer) = (writer, rowGroupRows, new List<ExportRow>(rowGroupRows));

    public int Rows { get; private set; }

    /// <param name="output">Writable and seekable (the footer is written at the end); left open.</param>
    public static async Task<ParquetRowWriter> CreateAsync(Stream output, int rowGroupRows = DefaultRowGroupRows, CancellationToken ct = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(rowGroupRows);
        var options = new ParquetOptions { CompressionMethod = CompressionMethod.Snappy };
        var writer = await ParquetWriter.CreateAsync(ExportColumns.Schema, output, options, cancellationToken: ct);
        writer.CustomMetadata = new Dictionary<string, string> { ["created_by"] = "lineage" };
        return new ParquetRowWriter(writer, rowGroupRows);
    }

    public async Task AddAsync(ExportRow row, CancellationToken ct = default)
    {
        _buffer.Add(row);
        Rows++;
        if (_buffer.Count >= _rowGroupRows) await FlushAsync(ct);
    }

    private async Task FlushAsync(CancellationToken ct)
    {
        if (_buffer.Count == 0) return;
        using (var group = _writer.CreateRowGroup())
        {
            foreach (var column in ExportColumns.All) await column.WriteAsync(group, _buffer, ct);
            group.CompleteValidate();
        }
        _buffer.Clear();
    }

    public async ValueTask DisposeAsync()
    {
        await FlushAsync(CancellationToken.None);
        await _writer.DisposeAsync();
    }
}
