using TorchSharp;
using static TorchSharp.torch;

namespace Lineage.Proxy.Embeddings;

/// <summary>
/// Seeded matrices of fast mode (its ±1 factors, CountSketches and the final projection's
/// blocks) kept across batches and calls, so a worker embedding batch after batch with one seed
/// and model generates them once instead of per batch. A matrix is a pure function of its key
/// (generator seed, shape, dtype, device), so a cached one is the same bits as a fresh one and
/// the vectors do not change. Least recently used entries are dropped beyond
/// <see cref="CapacityBytes"/>; a matrix larger than that is never kept. Callers get an alias in
/// their own dispose scope: it keeps the storage alive while they use it, so an entry dropped (and
/// disposed) meanwhile by another thread cannot vanish under them, and disposing the alias is harmless.
/// </summary>
public sealed class SeededMatrixCache
{
    /// <summary>The process-wide cache fast mode uses.</summary>
    public static SeededMatrixCache Shared { get; } = new(256L << 20);

    private readonly object _gate = new();
    private readonly Dictionary<Key, LinkedListNode<(Key Key, Tensor Value, long Bytes)>> _entries = [];
    private readonly LinkedList<(Key Key, Tensor Value, long Bytes)> _recency = [];
    private long _bytes;

    public SeededMatrixCache(long capacityBytes) => CapacityBytes = capacityBytes;

    public long CapacityBytes { get; }

    /// <summary>Bytes of the matrices now kept.</summary>
    public long Bytes { get { lock (_gate) return _bytes; } }

    /// <summary>What identifies a matrix: the kind of draw, its generator seed and shape, its dtype and device.</summary>
    public readonly record struct Key(string Kind, long Seed, long Rows, long Cols, ScalarType DType, DeviceType DeviceType, int DeviceIndex)
    {
        public static Key Of(string kind, long seed, long rows, long cols, ScalarType dtype, Device device) =>
            new(kind, seed, rows, cols, dtype, device.type, device.index);
    }

    /// <summary>
    /// The matrix for <paramref name="key"/> (an alias in the caller's dispose scope), from the cache or
    /// from <paramref name="create"/>, kept when it fits. Generated under the lock: two threads wanting
    /// one matrix generate it once.
    /// </summary>
    public Tensor GetOrCreate(Key key, Func<Tensor> create)
    {
        lock (_gate)
        {
            if (_entries.TryGetValue(key, out var node))
            {
                _recency.Remove(node);
                _recency.AddFirst(node);
                return node.Value.Value.alias();
            }
            var value = create();
            long bytes = value.numel() * value.ElementSize;
            if (bytes > CapacityBytes) return value;
            while (_bytes + bytes > CapacityBytes && _recency.Last is { } oldest)
            {
                _recency.RemoveLast();
                _entries.Remove(oldest.Value.Key);
                _bytes -= oldest.Value.Bytes;
                oldest.Value.Value.Dispose();
            }
            _entries[key] = _recency.AddFirst((key, value.DetachFromDisposeScope(), bytes));
            _bytes += bytes;
            return value.alias();
        }
    }

    /// <summary>A seeded ±1 matrix, as <see cref="SeededProjection.Rademacher"/> draws it.</summary>
    public Tensor Rademacher(long rows, long cols, long seed, Device device, ScalarType dtype = ScalarType.Float32) =>
        GetOrCreate(Key.Of("rademacher", seed, rows, cols, dtype, device),
            () => SeededProjection.Rademacher(rows, cols, seed, device, dtype));

    /// <summary>A seeded 0/1 matrix as <see cref="SeededProjection.Bits"/> draws it, kept as bytes (a quarter of float32).</summary>
    public Tensor Bits(long rows, long cols, long seed, Device device) =>
        GetOrCreate(Key.Of("bits", seed, rows, cols, ScalarType.Byte, device),
            () => SeededProjection.Bits(rows, cols, seed, device, ScalarType.Byte));

    /// <summary>Drops every matrix (storage still aliased by a caller is freed when that alias is).</summary>
    public void Clear()
    {
        lock (_gate)
        {
            foreach (var (_, value, _) in _recency) value.Dispose();
            _entries.Clear();
            _recency.Clear();
            _bytes = 0;
        }
    }
}
