using Lineage.Filters.Clustering.Rows;
using static TorchSharp.torch;

namespace Lineage.Filters.Diversity;

/// <summary>
/// Accumulates XᵀX / n for unit-normalised rows in float64, chunk by chunk, so that only one
/// chunk of rows and the d × d sum exist at once. float64 because the sum runs over up to
/// millions of rows and G-Vendi takes logarithms of its small eigenvalues.
/// </summary>
internal static class SecondMoment
{
    public const int DefaultChunkRows = 4096;

    /// <param name="x">[n, d] rows, any float dtype; rows are normalised (an all-zero row is an error).</param>
    /// <param name="rows">Which rows to use (all when null), so groups need no copy of the matrix.</param>
    /// <returns>[d, d] float64 on <paramref name="x"/>'s device (or <paramref name="device"/>), and the row count.</returns>
    public static (Tensor Moment, long Count) Of(Tensor x, long[]? rows = null, int chunkRows = DefaultChunkRows,
        Device? device = null)
    {
        if (x.dim() != 2) throw new ArgumentException($"expected an [n, d] matrix, got {x.dim()} dimensions", nameof(x));
        return Of(new TensorRows(x), rows, chunkRows, device);
    }

    /// <inheritdoc cref="Of(Tensor, long[], int, Device)"/>
    public static (Tensor Moment, long Count) Of(IRowSource x, long[]? rows = null, int chunkRows = DefaultChunkRows,
        Device? device = null)
    {
        if (chunkRows < 1) throw new ArgumentOutOfRangeException(nameof(chunkRows));
        using var scope = NewDisposeScope();
        var target = device ?? x.Device;
        long d = x.Columns;
        long count = rows?.LongLength ?? x.Rows;
        var sum = zeros(d, d, ScalarType.Float64, target);

        for (long start = 0; start < count; start += chunkRows)
        {
            using var chunkScope = NewDisposeScope();
            long take = Math.Min(chunkRows, count - start);
            var chunk = rows is null
                ? x.Read(start, take)
                : x.Gather(rows.AsSpan((int)start, (int)take).ToArray());
            chunk = chunk.to(target).to_type(ScalarType.Float64);
            var norms = chunk.norm(dim: 1, keepdim: true);
            if (norms.min().item<double>() == 0)
            {
                throw new ArgumentException("an all-zero row has no direction; G-Vendi needs unit vectors", nameof(x));
            }
            chunk = chunk / norms;
            sum.add_(chunk.t().mm(chunk));
        }
        if (count > 0) sum.div_(count);
        return (sum.MoveToOuterDisposeScope(), count);
    }
}
