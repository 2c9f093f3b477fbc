using System.Security.Cryptography;

namespace Lineage.Filters.Clustering.Storage;

/// <summary>
/// Content-addressed storage of immutable byte blobs: a blob lives at
/// <c>{root}/blobs/sha256/{hex}</c> where hex is the lowercase SHA-256 of its bytes, so an
/// event can record the address and anyone can later check that the bytes are the ones meant.
/// Writing the same bytes twice is a no-op; reading re-hashes and refuses a mismatch. Every process that reads a
/// blob must see the folder; workers on separate machines use the PostgreSQL store instead (docs/scaling.md).
/// </summary>
public sealed class BlobStore : IBlobStore
{
    public BlobStore(string root)
    {
        Root = Path.GetFullPath(root);
        Folder = Path.Combine(Root, "blobs", "sha256");
    }

    public string Root { get; }

    private string Folder { get; }

    /// <summary>Stores the bytes; returns their lowercase hex SHA-256.</summary>
    public string Put(ReadOnlySpan<byte> bytes)
    {
        string hash = Convert.ToHexStringLower(SHA256.HashData(bytes));
        string target = PathOf(hash);
        if (File.Exists(target)) return hash;
        Directory.CreateDirectory(Folder);
        // Write beside the target and rename, so a concurrent reader never sees half a blob.
        string temp = target + ".tmp-" + Environment.ProcessId + "-" + Guid.NewGuid().ToString("N");
        try
        {
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                stream.Write(bytes);
                stream.Flush(flushToDisk: true);
            }
            // Another writer may have stored the same content meanwhile; identical bytes, so keep theirs.
            if (!File.Exists(target)) File.Move(temp, target, overwrite: true);
        }
        finally
        {
            if (File.Exists(temp)) File.Delete(temp);
        }
        return hash;
    }

    /// <summary>The blob's bytes, after checking that they still hash to <paramref name="sha256"/>.</summary>
    /// <exception cref="BlobNotFoundException">No blob has that address.</exception>
    /// <exception cref="InvalidDataException">The stored bytes no longer match their address.</exception>
    public byte[] Get(string sha256)
    {
        string path = PathOf(sha256);
        if (!File.Exists(path)) throw new BlobNotFoundException(sha256, Root);
        byte[] bytes = File.ReadAllBytes(path);
        string actual = Convert.ToHexStringLower(SHA256.HashData(bytes));
        if (actual != sha256)
        {
            throw new InvalidDataException($"blob sha256:{sha256} is corrupt: its bytes hash to {actual}");
        }
        return bytes;
    }

    public byte[]? ReadUnverified(string sha256)
    {
        string path = PathOf(sha256);
        return File.Exists(path) ? File.ReadAllBytes(path) : null;
    }

    public bool Contains(string sha256) => File.Exists(PathOf(sha256));

    /// <summary>The file of an address; the address is validated so it cannot name a path elsewhere.</summary>
    public string PathOf(string sha256) => Path.Combine(Folder, BlobAddress.Checked(sha256));

    public static bool IsAddress(string value) => BlobAddress.IsAddress(value);
}
