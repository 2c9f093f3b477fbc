using System.Buffers.Binary;
using Lineage.Domain.Hashing;
using Lineage.Filters.Clustering.Rows;
using Lineage.Filters.Clustering.Storage;
using static TorchSharp.torch;

namespace Lineage.Api.Stages.Embedding;

/// <summary>One stored vector as an event records it: its address and the SHA-256 of its own values.</summary>
public sealed record StoredVector(string Address, string Sha256);

/// <summary>
/// Embedding vectors in the content-addressed <see cref="IBlobStore"/>: a batch's [n, d] matrix is one blob
/// (<see cref="FloatMatrixBlob"/> format) and each vector is a row of it. Each row also gets its own SHA-256
/// (of its float32 little-endian bytes), so one vector can be checked without trusting the rest of the blob.
/// </summary>
public sealed class EmbeddingVectors(IBlobStore blobs)
{
    public IReadOnlyList<StoredVector> Save(Tensor matrix)
    {
        var bytes = Encode(matrix);
        return Describe(blobs.Put(bytes), bytes);
    }

    /// <summary>What <see cref="Save"/> would record for the matrix (addresses and row hashes), storing nothing.</summary>
    public static IReadOnlyList<StoredVector> Describe(Tensor matrix)
    {
        var bytes = Encode(matrix);
        return Describe(Sha256Hex.Of(bytes), bytes);
    }

    /// <summary>The SHA-256 of a vector's float32 little-endian bytes, as events record it.</summary>
    public static string RowSha256(ReadOnlySpan<float> row)
    {
        var bytes = FloatMatrixBlob.Encode(row, 1, row.Length);
        return Sha256Hex.Of(bytes.AsSpan(FloatMatrixBlob.HeaderBytes));
    }

    private static byte[] Encode(Tensor matrix)
    {
        if (matrix.dim() != 2) throw new ArgumentException($"expected an [n, d] matrix, got {matrix.dim()} dimensions", nameof(matrix));
        using var cpu = matrix.to_type(ScalarType.Float32).cpu().contiguous();
        return FloatMatrixBlob.Encode(cpu.data<float>().ToArray(), matrix.shape[0], matrix.shape[1]);
    }

    private static IReadOnlyList<StoredVector> Describe(string blob, byte[] bytes)
    {
        var (rows, columns) = (BinaryPrimitives.ReadInt64LittleEndian(bytes.AsSpan(8)), BinaryPrimitives.ReadInt64LittleEndian(bytes.AsSpan(16)));
        return Enumerable.Range(0, (int)rows)
            .Select(r => new StoredVector(new VectorAddress(blob, r).ToString(), Sha256Hex.Of(RowBytes(bytes, r, columns))))
            .ToList();
    }

    /// <summary>
    /// The vectors as a [n, d] float32 CPU tensor in the order given. Every blob is read once and checked
    /// against its address; every row against its recorded hash.
    /// </summary>
    public Tensor Load(IReadOnlyList<StoredVector> vectors, int dimension)
    {
        // TorchSharp cannot wrap an empty array; an empty pool is a legitimate [0, d].
        if (vectors.Count == 0) return zeros([0, dimension], ScalarType.Float32);
        var values = new float[(long)vectors.Count * dimension];
        EachRow(vectors, dimension, (i, row) => row.CopyTo(values.AsSpan(checked((int)((long)i * dimension)), dimension)));
        return tensor(values, [vectors.Count, dimension], ScalarType.Float32);
    }

    /// <summary>
    /// The same vectors written to a scratch <see cref="RowFile"/> in <paramref name="folder"/> (the system's temporary
    /// folder when null), checked as <see cref="Load"/> checks them, holding one blob at a time.
    /// </summary>
    public RowFile Spill(IReadOnlyList<StoredVector> vectors, int dimension, string? folder = null)
    {
        var file = RowFile.Create(vectors.Count, dimension, folder);
        try
        {
            EachRow(vectors, dimension, (i, row) => file.Write(i, row));
            return file;
        }
        catch
        {
            file.Dispose();
            throw;
        }
    }

    private delegate void RowAction(int index, ReadOnlySpan<float> row);

    /// <summary>Each vector's values, blob by blob (each blob read and checked once, then let go), with its index in the list.</summary>
    private void EachRow(IReadOnlyList<StoredVector> vectors, int dimension, RowAction action)
    {
        var byBlob = new Dictionary<string, List<(int Index, VectorAddress Address)>>(StringComparer.Ordinal);
        var order = new List<string>();
        for (var i = 0; i < vectors.Count; i++)
        {
            var address = VectorAddress.Parse(vectors[i].Address);
            if (!byBlob.TryGetValue(address.Blob, out var rows))
            {
                byBlob[address.Blob] = rows = [];
                order.Add(address.Blob);
            }
            rows.Add((i, address));
        }
        foreach (var blob in order)
        {
            var bytes = blobs.Get(blob);
            var (rows, columns, all) = FloatMatrixBlob.Decode(bytes);
            foreach (var (i, address) in byBlob[blob])
            {
                if (columns != dimension || address.Row >= rows)
                    throw new InvalidDataException($"vector {vectors[i].Address}: blob holds {rows} × {columns}, expected a row of dimension {dimension}");
                var actual = Sha256Hex.Of(RowBytes(bytes, address.Row, columns));
                if (actual != vectors[i].Sha256)
                    throw new InvalidDataException($"vector {vectors[i].Address} hashes to {actual}, its event recorded {vectors[i].Sha256}");
                action(i, all.AsSpan(checked((int)(address.Row * columns)), dimension));
            }
        }
    }

    private static ReadOnlySpan<byte> RowBytes(byte[] blob, long row, long columns) =>
        blob.AsSpan(checked((int)(FloatMatrixBlob.HeaderBytes + 4 * row * columns)), checked((int)(4 * columns)));
}
