using static TorchSharp.torch;

namespace Lineage.Filters.Clustering.Storage;

/// <summary>
/// Centroids kept by content address, so that a clustering event records one SHA-256 and a
/// later filter run can load exactly the centroids that decision used.
/// </summary>
public sealed class CentroidStore(IBlobStore blobs)
{
    /// <summary>Stores [K, d] centroids; returns the address to put in the event.</summary>
    public string Save(Tensor centroids) => blobs.PutMatrix(centroids);

    /// <summary>The centroids at <paramref name="sha256"/> (hash verified), float32 on <paramref name="device"/>.</summary>
    public Tensor Load(string sha256, Device? device = null) => blobs.GetMatrix(sha256, device);
}
