using System.Runtime.InteropServices;
using static TorchSharp.torch;

namespace Lineage.Filters.Clustering;

/// <summary>
/// Finds centroids that are exact copies of an earlier one. Copies exist only when the data
/// has fewer distinct directions than K (see docs/diversity.md, "Edge cases"); masking them
/// makes "ties go to the lowest cluster index" a guarantee instead of a hope about how the
/// matrix product rounds identical columns.
/// </summary>
internal static class CentroidAliases
{
    /// <summary>
    /// A [K] float32 tensor on <paramref name="device"/> holding 0 for the first occurrence of
    /// each centroid and −∞ for later copies, or null when all centroids differ.
    /// </summary>
    public static Tensor? Mask(Tensor centroids, Device device)
    {
        int k = (int)centroids.shape[0];
        if (k < 2) return null;
        int d = (int)centroids.shape[1];
        float[] rows;
        using (var cpu = centroids.to_type(ScalarType.Float32).cpu().contiguous())
        {
            rows = cpu.data<float>().ToArray();
        }

        var firstByHash = new Dictionary<int, List<int>>();
        float[]? mask = null;
        for (int j = 0; j < k; j++)
        {
            var row = new ReadOnlySpan<float>(rows, j * d, d);
            var bits = MemoryMarshal.AsBytes(row);
            var hash = new HashCode();
            hash.AddBytes(bits);
            int h = hash.ToHashCode();
            if (!firstByHash.TryGetValue(h, out var earlier))
            {
                firstByHash[h] = [j];
                continue;
            }
            bool copy = false;
            foreach (int i in earlier)
            {
                if (MemoryMarshal.AsBytes(new ReadOnlySpan<float>(rows, i * d, d)).SequenceEqual(bits))
                {
                    copy = true;
                    break;
                }
            }
            if (copy)
            {
                mask ??= new float[k];
                mask[j] = float.NegativeInfinity;
            }
            else
            {
                earlier.Add(j);
            }
        }
        return mask is null ? null : tensor(mask, device: device);
    }
}
