using System.IO.Compression;
using Lineage.Proxy.Tokenization;

namespace Lineage.Proxy.Tests.Tokenization;

/// <summary>A tokenizer.json.gz is inflated up to a cap: a small file that inflates without end stops there.</summary>
[Trait("Category", "Unit")]
public class GzipBombSpecs
{
    private static string Gzip(string folder, int zeros)
    {
        var path = Path.Combine(folder, "tokenizer.json.gz");
        using var file = File.Create(path);
        using var gzip = new GZipStream(file, CompressionLevel.SmallestSize);
        gzip.Write(new byte[zeros]);
        return path;
    }

    [Fact]
    public void a_file_inflating_past_the_cap_is_refused_naming_it()
    {
        using var folder = new TemporaryFolder();
        var path = Gzip(folder.Path, 4 << 20);
        Assert.True(new FileInfo(path).Length < 64 * 1024, "the bomb must be small on disk");
        var refused = Assert.Throws<InvalidDataException>(() => TokenizerFolder.Gunzip(path, maxBytes: 1 << 20));
        Assert.Contains("inflates past 1048576 bytes", refused.Message);
    }

    [Fact]
    public void a_file_within_the_cap_inflates_to_its_bytes()
    {
        using var folder = new TemporaryFolder();
        var path = Gzip(folder.Path, 1 << 20);
        Assert.Equal(new byte[1 << 20], TokenizerFolder.Gunzip(path, maxBytes: 1 << 20));
    }
}
