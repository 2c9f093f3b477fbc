using System.Text.Json;
using Lineage.Api.Stages.Embedding;

namespace Lineage.Api.Tests.Security;

/// <summary>A sharded proxy's index names its shards; one naming a file outside the folder is refused before anything is hashed.</summary>
[Trait("Category", "Unit")]
public sealed class ProxyShardSpecs : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "lineage-shards-" + Guid.NewGuid().ToString("N"));

    [Theory]
    [InlineData("../outside.safetensors")]
    [InlineData("sub/../../outside.safetensors")]
    [InlineData("/etc/hostname")]
    public void an_index_naming_a_shard_outside_the_folder_is_refused(string shard)
    {
        Directory.CreateDirectory(_folder);
        File.WriteAllText(Path.Combine(_folder, "model.safetensors.index.json"),
            JsonSerializer.Serialize(new { weight_map = new Dictionary<string, string> { ["a.weight"] = "model-00001.safetensors", ["b.weight"] = shard } }));
        File.WriteAllText(Path.Combine(_folder, "model-00001.safetensors"), "x");
        var error = Assert.Throws<InvalidDataException>(() => LoadedProxy.WeightsSha256Of(_folder));
        Assert.Contains(shard, error.Message);
    }

    [Fact]
    public void shards_inside_the_folder_are_hashed_line_by_line()
    {
        Directory.CreateDirectory(_folder);
        File.WriteAllText(Path.Combine(_folder, "model.safetensors.index.json"),
            JsonSerializer.Serialize(new { weight_map = new Dictionary<string, string> { ["a"] = "s2.safetensors", ["b"] = "s1.safetensors" } }));
        File.WriteAllText(Path.Combine(_folder, "s1.safetensors"), "one");
        File.WriteAllText(Path.Combine(_folder, "s2.safetensors"), "two");
        static string Hex(string text) => Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(text)));
        Assert.Equal(Hex($"s1.safetensors {Hex("one")}\ns2.safetensors {Hex("two")}\n"), LoadedProxy.WeightsSha256Of(_folder));
    }

    public void Dispose()
    {
        if (Directory.Exists(_folder)) Directory.Delete(_folder, recursive: true);
    }
}
