using Lineage.Api.Blobs;
using Lineage.Api.Options;
using Lineage.Filters.Clustering.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace Lineage.Api.Tests.Blobs;

/// <summary>Lineage:Blobs:Store picks the store; anything else stops the process at start-up, naming the setting.</summary>
[Trait("Category", "Unit")]
public sealed class BlobStoreChoiceSpecs
{
    [Theory]
    [InlineData("files", typeof(BlobStore))]
    [InlineData(" Postgres ", typeof(PostgresBlobStore))]
    public void registers_the_store_the_setting_names(string store, Type expected)
    {
        var options = new LineageOptions { DataDirectory = Path.GetTempPath(), Blobs = { Store = store } };
        using var provider = new ServiceCollection().AddBlobStore(options).BuildServiceProvider();
        // Resolving builds the store; the PostgreSQL one connects only when used.
        Assert.IsType(expected, provider.GetRequiredService<IBlobStore>());
    }

    [Theory]
    [InlineData("s3")]
    [InlineData("")]
    public void refuses_a_store_it_does_not_know(string store)
    {
        var options = new LineageOptions { Blobs = { Store = store } };
        var refused = Assert.Throws<ArgumentException>(() => new ServiceCollection().AddBlobStore(options));
        Assert.Contains("Lineage:Blobs:Store", refused.Message);
        Assert.Contains("files, postgres", refused.Message);
    }

    [Fact]
    public void refuses_a_chunk_size_outside_one_byte_to_64_mebibytes()
    {
        var options = new LineageOptions { Blobs = { Store = "postgres", ChunkBytes = 0 } };
        Assert.Contains("Lineage:Blobs:ChunkBytes", Assert.Throws<ArgumentException>(() => new ServiceCollection().AddBlobStore(options)).Message);
    }
}
