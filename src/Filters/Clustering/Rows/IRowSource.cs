using static TorchSharp.torch;

namespace Lineage.Filters.Clustering.Rows;

/// <summary>
/// The rows of an [n, d] float32 matrix that an algorithm reads again and again, a block at a time: a tensor held
/// in memory (<see cref="TensorRows"/>) or a file on local disk (<see cref="RowFile"/>), so that a pool larger than
/// memory can be clustered with only a block of rows, the centroids and per-row scalars resident.
/// </summary>
public interface IRowSource
{
    long Rows { get; }

    long Columns { get; }

    /// <summary>The device blocks come from (a file's blocks are read into CPU tensors).</summary>
    Device Device { get; }

    /// <summary>
    /// True when every row is already in memory, so a pass may take all rows as one block: algorithms then do exactly
    /// what they did on a whole tensor. A source that is not resident is read in blocks of the caller's chunk size.
    /// </summary>
    bool Resident { get; }

    /// <summary>Rows [start, start + count) as a [count, d] float32 tensor (a view, or a fresh tensor the caller's scope disposes).</summary>
    Tensor Read(long start, long count);

    /// <summary>The given rows, in the given order, as a [m, d] float32 tensor.</summary>
    Tensor Gather(IReadOnlyList<long> rows);
}

public static class RowSources
{
    /// <summary>The block a pass takes at once: all rows of a resident source, else <paramref name="chunkRows"/>.</summary>
    public static long BlockRows(this IRowSource source, long chunkRows) =>
        source.Resident ? Math.Max(1, source.Rows) : chunkRows;

    /// <summary>One row as a [d] tensor.</summary>
    public static Tensor Row(this IRowSource source, long row) => source.Gather([row])[0];
}
