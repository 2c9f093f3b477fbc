using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;
using static TorchSharp.torch;

namespace Lineage.Filters.Clustering.Rows;

/// <summary>
/// An [n, d] float32 matrix in a scratch file (float32 in the machine's byte order, row after row), written once
/// row by row and then read in blocks as often as an algorithm needs. The process holds one block at a time; the
/// operating system's page cache keeps the file in memory when there is room for it and drops it when there is not.
/// The file lives in a scratch folder (the system's temporary folder unless given) and is deleted when disposed,
/// or by the operating system when the process dies.
/// </summary>
public sealed class RowFile : IRowSource, IDisposable
{
    private readonly SafeFileHandle _file;
    private readonly bool[] _written;
    private long _missing;

    private RowFile(SafeFileHandle file, long rows, long columns, string path)
    {
        _file = file;
        Rows = rows;
        Columns = columns;
        Path = path;
        _written = new bool[rows];
        _missing = rows;
    }

    /// <summary>An empty file for <paramref name="rows"/> × <paramref name="columns"/> values, to be filled by <see cref="Write"/>.</summary>
    public static RowFile Create(long rows, long columns, string? folder = null)
    {
        if (rows < 0) throw new ArgumentOutOfRangeException(nameof(rows), rows, "must be ≥ 0");
        if (columns < 1) throw new ArgumentOutOfRangeException(nameof(columns), columns, "must be ≥ 1");
        folder ??= System.IO.Path.GetTempPath();
        Directory.CreateDirectory(folder);
        var path = System.IO.Path.Combine(folder, $"lineage-rows-{Guid.NewGuid():N}.f32");
        var file = File.OpenHandle(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None,
            FileOptions.DeleteOnClose | FileOptions.RandomAccess);
        return new RowFile(file, rows, columns, path);
    }

    public string Path { get; }

    public long Rows { get; }

    public long Columns { get; }

    public Device Device => CPU;

    public bool Resident => false;

    /// <summary>Bytes on disk once filled.</summary>
    public long Bytes => 4 * Rows * Columns;

    /// <summary>Writes consecutive rows starting at <paramref name="row"/>; each row is written once.</summary>
    public void Write(long row, ReadOnlySpan<float> values)
    {
        if (values.Length % Columns != 0) throw new ArgumentException($"{values.Length} values are not whole rows of {Columns}", nameof(values));
        long count = values.Length / Columns;
        if (row < 0 || row + count > Rows) throw new ArgumentOutOfRangeException(nameof(row), row, $"rows {row}..{row + count} do not fit in {Rows}");
        for (long r = row; r < row + count; r++)
        {
            if (_written[r]) throw new InvalidOperationException($"row {r} was already written");
        }
        RandomAccess.Write(_file, MemoryMarshal.AsBytes(values), 4 * row * Columns);
        for (long r = row; r < row + count; r++) _written[r] = true;
        _missing -= count;
    }

    public Tensor Read(long start, long count)
    {
        if (start < 0 || count < 0 || start + count > Rows) throw new ArgumentOutOfRangeException(nameof(start), start, $"rows {start}..{start + count} are not in 0..{Rows}");
        var values = new float[count * Columns];
        ReadInto(values, start);
        return tensor(values, [count, Columns], ScalarType.Float32);
    }

    public Tensor Gather(IReadOnlyList<long> rows)
    {
        var values = new float[rows.Count * Columns];
        for (int i = 0; i < rows.Count; i++)
        {
            if (rows[i] < 0 || rows[i] >= Rows) throw new ArgumentOutOfRangeException(nameof(rows), rows[i], $"row is not in 0..{Rows}");
            ReadInto(values.AsSpan((int)(i * Columns), (int)Columns), rows[i]);
        }
        return tensor(values, [rows.Count, Columns], ScalarType.Float32);
    }

    private void ReadInto(Span<float> into, long row)
    {
        if (_missing > 0) throw new InvalidOperationException($"{_missing} of {Rows} rows were never written");
        var bytes = MemoryMarshal.AsBytes(into);
        long offset = 4 * row * Columns;
        while (!bytes.IsEmpty)
        {
            int read = RandomAccess.Read(_file, bytes, offset);
            if (read == 0) throw new EndOfStreamException($"{Path} ended at byte {offset}");
            bytes = bytes[read..];
            offset += read;
        }
    }

    public void Dispose() => _file.Dispose();
}
