using Lineage.Api.Stages.Embedding;
using Lineage.Domain.Examples;
using Lineage.Filters.Clustering.Storage;
using static TorchSharp.torch;

namespace Lineage.Api.Audits;

/// <summary>A stored vector row read back without trusting it: its values (null when unreadable), their hash, or why not.</summary>
public sealed record StoredRow(float[]? Values, string? Sha256, string? Problem);

/// <summary>
/// The vectors the audit's later stages use, keyed by the address an event recorded: the stored row when it still
/// hashes to what its event recorded, else the row the audit recomputed. So a tampered blob is reported once, by the
/// embed stage, and clustering and filtering are re-derived from the vectors the log vouches for.
/// </summary>
public sealed class CheckedVectors(IBlobStore blobs)
{
    private readonly Dictionary<string, float[]> _rows = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (long Rows, long Columns, float[] Values)?> _blobs = new(StringComparer.Ordinal);

    /// <summary>The stored row at <paramref name="address"/>, read straight from its blob, whatever it now holds.</summary>
    public StoredRow Read(string address)
    {
        var at = VectorAddress.Parse(address);
        if (!_blobs.TryGetValue(at.Blob, out var blob))
        {
            blob = null;
            if (blobs.ReadUnverified(at.Blob) is { } stored)
            {
                try
                {
                    blob = FloatMatrixBlob.Decode(stored);
                }
                catch (InvalidDataException)
                {
                    // A blob whose header no longer reads is reported as unreadable, row by row.
                }
            }
            _blobs[at.Blob] = blob;
        }
        if (blob is not { } b) return new StoredRow(null, null, $"blob {at.Blob} is missing or unreadable");
        if (at.Row >= b.Rows) return new StoredRow(null, null, $"blob {at.Blob} holds {b.Rows} rows, not row {at.Row}");
        var row = b.Values.AsSpan((int)(at.Row * b.Columns), (int)b.Columns).ToArray();
        return new StoredRow(row, EmbeddingVectors.RowSha256(row), null);
    }

    public void Use(string address, float[] row) => _rows[address] = row;

    public bool Has(string address) => _rows.ContainsKey(address);

    /// <summary>The examples' checked vectors as [n, d] float32 on the CPU, rows in the order given.</summary>
    public Tensor Load(IReadOnlyList<IPoolExample> examples, int dimension)
    {
        if (examples.Count == 0) return zeros([0, dimension], ScalarType.Float32);
        var values = new float[(long)examples.Count * dimension];
        for (var i = 0; i < examples.Count; i++)
        {
            var e = examples[i].Embedding ?? throw new InvalidOperationException($"example {examples[i].Id} has no embedding");
            if (!_rows.TryGetValue(e.VectorAddress, out var row))
                throw new InvalidOperationException($"example {examples[i].Id}'s vector {e.VectorAddress} was not checked by the embed stage");
            Array.Copy(row, 0, values, (long)i * dimension, dimension);
        }
        return tensor(values, [examples.Count, dimension], ScalarType.Float32);
    }
}
