using static TorchSharp.torch;

namespace Lineage.Filters.Clustering.Rows;

/// <summary>
/// A row source whose blocks are normalised to unit length as they are read, for sources too large to normalise in
/// place. Each row is divided by its own norm, so a block's rows come out as they would from normalising the whole
/// matrix at once.
/// </summary>
internal sealed class UnitRows(IRowSource inner, bool clampNorm) : IRowSource
{
    public long Rows => inner.Rows;

    public long Columns => inner.Columns;

    public Device Device => inner.Device;

    public bool Resident => inner.Resident;

    public Tensor Read(long start, long count) => Normalise(inner.Read(start, count));

    public Tensor Gather(IReadOnlyList<long> rows) => Normalise(inner.Gather(rows));

    // clampNorm is F.normalize (x / max(‖x‖, 1e-12)), as the paper's first-K k-means normalises; otherwise x / ‖x‖,
    // as cosine k-means normalises rows it has checked are not zero.
    private Tensor Normalise(Tensor block)
    {
        var rows = block.to_type(ScalarType.Float32);
        return clampNorm ? nn.functional.normalize(rows, p: 2, dim: 1) : rows / rows.norm(dim: 1).unsqueeze(1);
    }

    /// <summary>
    /// The rows as unit vectors for cosine k-means: the source itself when every norm is within 1e-4 of 1, else a
    /// normalising view. Checks the options against the row count and refuses an all-zero row; one pass over the rows.
    /// </summary>
    public static IRowSource Of(IRowSource x, KMeansOptions options, Device device)
    {
        options.Validate(x.Rows);
        long block = x.BlockRows(options.ChunkRows ?? KMeansOptions.DefaultChunkRows(options.K));
        double smallest = double.PositiveInfinity, farthest = 0;
        for (long start = 0; start < x.Rows; start += block)
        {
            using var scope = NewDisposeScope();
            var norms = x.Read(start, Math.Min(block, x.Rows - start)).to(device).to_type(ScalarType.Float32).norm(dim: 1);
            smallest = Math.Min(smallest, norms.min().item<float>());
            farthest = Math.Max(farthest, (norms - 1).abs().max().item<float>());
        }
        if (smallest == 0)
        {
            throw new ArgumentException("an all-zero row has no direction, so its cosine to a centroid is undefined", nameof(x));
        }
        return farthest <= 1e-4 ? x : new UnitRows(x, clampNorm: false);
    }

    /// <summary>The rows normalised as <c>F.normalize</c> does, read block by block.</summary>
    public static IRowSource Normalized(IRowSource x) => new UnitRows(x, clampNorm: true);
}
