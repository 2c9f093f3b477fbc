using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text;
using static TorchSharp.torch;

namespace Lineage.Filters.Clustering.Storage;

/// <summary>
/// Binary form of a float32 matrix, as stored in a <see cref="IBlobStore"/>. Layout (all
/// little-endian): 8 bytes magic "LNGFMAT1", int64 rows, int64 columns, then rows × columns
/// float32 values row by row. A fixed, tiny header keeps the blob's hash a function of the
/// numbers alone, and any language can read it back.
/// </summary>
public static class FloatMatrixBlob
{
    public const int HeaderBytes = 24;
    private static readonly byte[] Magic = Encoding.ASCII.GetBytes("LNGFMAT1");

    public static byte[] Encode(ReadOnlySpan<float> values, long rows, long columns)
    {
        if (rows < 0 || columns < 0 || rows * columns != values.Length)
        {
            throw new ArgumentException($"{values.Length} values do not make a {rows} × {columns} matrix");
        }
        var bytes = new byte[HeaderBytes + 4L * values.Length];
        Magic.CopyTo(bytes, 0);
        BinaryPrimitives.WriteInt64LittleEndian(bytes.AsSpan(8), rows);
        BinaryPrimitives.WriteInt64LittleEndian(bytes.AsSpan(16), columns);
        var body = bytes.AsSpan(HeaderBytes);
        if (BitConverter.IsLittleEndian)
        {
            MemoryMarshal.AsBytes(values).CopyTo(body);
        }
        else
        {
            for (int i = 0; i < values.Length; i++) BinaryPrimitives.WriteSingleLittleEndian(body[(4 * i)..], values[i]);
        }
        return bytes;
    }

    public static (long Rows, long Columns, float[] Values) Decode(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length < HeaderBytes || !bytes[..8].SequenceEqual(Magic))
        {
            throw new InvalidDataException("not a float matrix blob (magic 'LNGFMAT1' missing)");
        }
        long rows = BinaryPrimitives.ReadInt64LittleEndian(bytes[8..]);
        long columns = BinaryPrimitives.ReadInt64LittleEndian(bytes[16..]);
        long expected = HeaderBytes + 4 * rows * columns;
        if (rows < 0 || columns < 0 || expected != bytes.Length)
        {
            throw new InvalidDataException($"float matrix blob says {rows} × {columns} but holds {bytes.Length} bytes");
        }
        var values = new float[rows * columns];
        var body = bytes[HeaderBytes..];
        if (BitConverter.IsLittleEndian)
        {
            body.CopyTo(MemoryMarshal.AsBytes(values.AsSpan()));
        }
        else
        {
            for (int i = 0; i < values.Length; i++) values[i] = BinaryPrimitives.ReadSingleLittleEndian(body[(4 * i)..]);
        }
        return (rows, columns, values);
    }

    /// <summary>Stores a [rows, columns] tensor (any float dtype, any device) as float32.</summary>
    public static string PutMatrix(this IBlobStore store, Tensor matrix) => store.Put(Encode(matrix));

    /// <summary>The address <see cref="PutMatrix"/> would store the matrix at, without storing it (for checks that must not write).</summary>
    public static string AddressOf(Tensor matrix) => Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Encode(matrix)));

    /// <summary>A [rows, columns] tensor (any float dtype, any device) as float32 blob bytes.</summary>
    public static byte[] Encode(Tensor matrix)
    {
        if (matrix.dim() != 2) throw new ArgumentException($"expected a matrix, got {matrix.dim()} dimensions", nameof(matrix));
        using var cpu = matrix.to_type(ScalarType.Float32).cpu().contiguous();
        // TorchSharp's accessor throws on an empty tensor; [0, d] (an empty pool's centroids) is still a matrix.
        var values = cpu.numel() == 0 ? [] : cpu.data<float>().ToArray();
        return Encode(values, matrix.shape[0], matrix.shape[1]);
    }

    /// <summary>Reads a stored matrix back as a float32 tensor on <paramref name="device"/> (CPU by default).</summary>
    public static Tensor GetMatrix(this IBlobStore store, string sha256, Device? device = null)
    {
        var (rows, columns, values) = Decode(store.Get(sha256));
        return values.Length == 0
            ? zeros([rows, columns], ScalarType.Float32, device ?? CPU)
            : tensor(values, [rows, columns], ScalarType.Float32, device ?? CPU);
    }
}
