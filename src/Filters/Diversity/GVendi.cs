using Lineage.Filters.Clustering.Rows;
using static TorchSharp.torch;

namespace Lineage.Filters.Diversity;

/// <summary>G-Vendi of one group: its size and score.</summary>
public sealed record GroupDiversity(string Group, long Count, double GVendi);

/// <summary>
/// G-Vendi (Jung et al. 2025): with X the n × d matrix of unit (gradient) vectors, the
/// eigenvalues λ of XᵀX / n sum to 1, and the score is exp(−Σ λ log λ), the exponential of
/// their Shannon entropy: the "effective number" of independent directions, from 1 (all rows
/// the same) to min(n, d). Working with the d × d matrix instead of the n × n kernel keeps
/// the cost at O(n d²) time and O(d²) memory.
/// </summary>
public static class GVendi
{
    /// <summary>Eigenvalues below this are rounding noise of a rank-deficient matrix and count as 0.</summary>
    public const double NegligibleEigenvalue = 1e-12;

    /// <param name="x">[n, d] rows (normalised here; an all-zero row is an error).</param>
    public static double Score(Tensor x, int chunkRows = SecondMoment.DefaultChunkRows, Device? device = null) =>
        FromEigenvalues(Eigenvalues(x, chunkRows, device));

    /// <summary>The same on rows read block by block (a <see cref="RowFile"/>); one block at a time.</summary>
    public static double Score(IRowSource x, int chunkRows = SecondMoment.DefaultChunkRows, Device? device = null) =>
        FromEigenvalues(EigenvaluesOf(x, null, chunkRows, device));

    /// <summary>Eigenvalues of XᵀX / n in ascending order (float64).</summary>
    public static double[] Eigenvalues(Tensor x, int chunkRows = SecondMoment.DefaultChunkRows, Device? device = null) =>
        EigenvaluesOf(new TensorRows(x), null, chunkRows, device);

    /// <summary>exp(−Σ λ ln λ) over λ ≥ <see cref="NegligibleEigenvalue"/>.</summary>
    public static double FromEigenvalues(IEnumerable<double> eigenvalues)
    {
        double entropy = 0;
        foreach (double l in eigenvalues)
        {
            if (l >= NegligibleEigenvalue) entropy -= l * Math.Log(l);
        }
        return Math.Exp(entropy);
    }

    /// <summary>
    /// G-Vendi of each group's rows on its own, in ordinal order of the keys;
    /// <paramref name="groupKeys"/>[i] names the group of row i.
    /// </summary>
    public static IReadOnlyList<GroupDiversity> ByGroup(Tensor x, IReadOnlyList<string> groupKeys,
        int chunkRows = SecondMoment.DefaultChunkRows, Device? device = null)
    {
        if (groupKeys.Count != x.shape[0])
        {
            throw new ArgumentException($"{groupKeys.Count} group keys for {x.shape[0]} rows", nameof(groupKeys));
        }
        var rowsByGroup = new SortedDictionary<string, List<long>>(StringComparer.Ordinal);
        for (int i = 0; i < groupKeys.Count; i++)
        {
            if (!rowsByGroup.TryGetValue(groupKeys[i], out var list)) rowsByGroup[groupKeys[i]] = list = [];
            list.Add(i);
        }
        return rowsByGroup
            .Select(g => new GroupDiversity(g.Key, g.Value.Count,
                FromEigenvalues(EigenvaluesOf(new TensorRows(x), g.Value.ToArray(), chunkRows, device))))
            .ToList();
    }

    private static double[] EigenvaluesOf(IRowSource x, long[]? rows, int chunkRows, Device? device)
    {
        using var scope = NewDisposeScope();
        var (moment, count) = SecondMoment.Of(x, rows, chunkRows, device);
        if (count == 0) throw new ArgumentException("G-Vendi of no rows is undefined", nameof(x));
        var values = linalg.eigvalsh(moment).cpu();
        return values.data<double>().ToArray();
    }
}
