using static TorchSharp.torch;

namespace Lineage.Filters.Clustering.Rows;

/// <summary>A matrix held in memory (on any device) as a row source; blocks are views of it. Does not own the tensor.</summary>
public sealed class TensorRows : IRowSource
{
    private readonly Tensor _x;

    public TensorRows(Tensor x)
    {
        if (x.dim() != 2) throw new ArgumentException($"expected an [n, d] matrix, got {x.dim()} dimensions", nameof(x));
        _x = x;
    }

    /// <summary>The matrix itself.</summary>
    public Tensor Tensor => _x;

    public long Rows => _x.shape[0];

    public long Columns => _x.shape[1];

    public Device Device => _x.device;

    public bool Resident => true;

    public Tensor Read(long start, long count) => _x.narrow(0, start, count);

    public Tensor Gather(IReadOnlyList<long> rows) => _x.index_select(0, tensor(rows.ToArray(), device: _x.device));
}
