namespace Lineage.Filters.Clustering.Storage;

/// <summary>
/// Content-addressed storage of immutable byte blobs (embedding matrices, centroids): a blob's address is the
/// lowercase hex SHA-256 of its bytes, so an event can record the address and anyone can later check that the
/// bytes are the ones meant. Implementations: <see cref="BlobStore"/> (files under a data directory) and, in
/// Lineage.Api, a PostgreSQL one that workers on separate machines share.
/// </summary>
public interface IBlobStore
{
    /// <summary>Stores the bytes; returns their address. Storing the same bytes again, from any writer at any time, is a no-op.</summary>
    string Put(ReadOnlySpan<byte> bytes);

    /// <summary>The blob's bytes, after checking that they still hash to <paramref name="sha256"/>.</summary>
    /// <exception cref="ArgumentException">The address is not a lowercase hex SHA-256.</exception>
    /// <exception cref="BlobNotFoundException">No blob has that address.</exception>
    /// <exception cref="InvalidDataException">The stored bytes no longer match their address.</exception>
    byte[] Get(string sha256);

    /// <summary>
    /// The bytes stored at the address as they now are, without checking them against it; null when nothing is
    /// stored there. For an audit, which must see what changed (one tampered row of a matrix) rather than only that
    /// something did.
    /// </summary>
    byte[]? ReadUnverified(string sha256);

    /// <summary>Whether a complete blob with that address is stored.</summary>
    bool Contains(string sha256);
}

/// <summary>No blob is stored at the address. A <see cref="FileNotFoundException"/>, as the file store always threw.</summary>
public sealed class BlobNotFoundException(string sha256, string where)
    : FileNotFoundException($"no blob sha256:{sha256} in {where}")
{
    public string Sha256 { get; } = sha256;
}
