using System.Security.Cryptography;
using Lineage.Filters.Clustering.Storage;
using static TorchSharp.torch;

namespace Lineage.Filters.Tests.Clustering;

[Trait("Category", "Unit")]
public sealed class a_content_addressed_blob_store : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "lineage-blobs-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public void addresses_a_blob_by_the_sha256_of_its_bytes_and_returns_them_unchanged()
    {
        var store = new BlobStore(_root);
        byte[] bytes = [1, 2, 3, 250];
        string hash = store.Put(bytes);

        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(bytes)), hash);
        Assert.Equal(bytes, store.Get(hash));
        Assert.Equal(hash, store.Put(bytes));
        Assert.Equal(bytes, File.ReadAllBytes(Path.Combine(_root, "blobs", "sha256", hash)));
    }

    [Fact]
    public void refuses_a_blob_whose_bytes_changed_and_addresses_that_are_not_hashes()
    {
        var store = new BlobStore(_root);
        string hash = store.Put([9, 9, 9]);
        File.WriteAllBytes(store.PathOf(hash), [9, 9, 8]);

        Assert.Throws<InvalidDataException>(() => store.Get(hash));
        Assert.Throws<ArgumentException>(() => store.Get("../../etc/passwd"));
        Assert.Equal(new string('a', 64), Assert.Throws<BlobNotFoundException>(() => store.Get(new string('a', 64))).Sha256);
    }

    [Fact]
    public void stores_centroids_as_a_24_byte_header_and_little_endian_float32_rows()
    {
        var store = new CentroidStore(new BlobStore(_root));
        float[] values = [1f, 0f, -0.5f, 0.25f, 3e-8f, -1f];
        using var centroids = tensor(values, [3, 2]);
        string hash = store.Save(centroids);

        byte[] file = File.ReadAllBytes(Path.Combine(_root, "blobs", "sha256", hash));
        Assert.Equal("LNGFMAT1"u8.ToArray(), file[..8]);
        Assert.Equal(3L, BitConverter.ToInt64(file, 8));
        Assert.Equal(2L, BitConverter.ToInt64(file, 16));
        Assert.Equal(24 + 6 * 4, file.Length);
        Assert.Equal(-0.5f, BitConverter.ToSingle(file, 24 + 2 * 4));

        using var loaded = store.Load(hash);
        Assert.Equal(new long[] { 3, 2 }, loaded.shape);
        Assert.Equal(values, loaded.data<float>().ToArray());
    }

    [Fact]
    public void stores_an_empty_matrix_keeping_its_column_count()
    {
        var store = new CentroidStore(new BlobStore(_root));
        using var empty = zeros([0, 7], ScalarType.Float32);
        string hash = store.Save(empty);

        using var loaded = store.Load(hash);
        Assert.Equal([0L, 7L], loaded.shape);
        Assert.Equal(FloatMatrixBlob.HeaderBytes, File.ReadAllBytes(Path.Combine(_root, "blobs", "sha256", hash)).Length);
    }

    public void Dispose()
    {
        if (Directory.Exists(_root)) Directory.Delete(_root, recursive: true);
    }
}
