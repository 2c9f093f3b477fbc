using Lineage.Proxy.Safetensors;
using static TorchSharp.torch;

namespace Lineage.Proxy.Tests.Safetensors;

[Trait("Category", "Unit")]
public class when_writing_tensors
{
    [Fact]
    public void every_supported_dtype_round_trips_bit_for_bit()
    {
        using var dir = new TempFolder();
        using var scope = NewDisposeScope();
        var source = new Dictionary<string, Tensor>
        {
            ["f32"] = randn(3, 5, generator: new TorchSharp.torch.Generator(1)),
            ["bf16"] = randn(7).to_type(ScalarType.BFloat16),
            ["f16"] = randn(2, 2).to_type(ScalarType.Float16),
            ["i64"] = arange(10L),
            ["i32"] = arange(4, dtype: ScalarType.Int32).reshape(2, 2),
            ["empty"] = zeros(0, 3),
        };
        SafetensorsWriter.Write(dir.File("t.safetensors"), source, new Dictionary<string, string> { ["format"] = "pt" });
        using var file = SafetensorsFile.Open(dir.File("t.safetensors"));
        Assert.Equal("pt", file.Metadata["format"]);
        foreach (var (name, expected) in source)
        {
            using var actual = file.ReadTensor(name);
            Assert.Equal(expected.dtype, actual.dtype);
            Assert.Equal(expected.shape, actual.shape);
            Assert.True(expected.equal(actual).all().item<bool>(), name);
        }
    }

    [Fact]
    public void the_bytes_do_not_depend_on_insertion_order()
    {
        using var dir = new TempFolder();
        using var scope = NewDisposeScope();
        var a = ones(4);
        var b = arange(6).reshape(2, 3).to_type(ScalarType.Float32);
        SafetensorsWriter.Write(dir.File("1.safetensors"), new Dictionary<string, Tensor> { ["a"] = a, ["b"] = b },
            new Dictionary<string, string> { ["x"] = "1", ["y"] = "2" });
        SafetensorsWriter.Write(dir.File("2.safetensors"), new Dictionary<string, Tensor> { ["b"] = b, ["a"] = a },
            new Dictionary<string, string> { ["y"] = "2", ["x"] = "1" });
        var first = File.ReadAllBytes(dir.File("1.safetensors"));
        Assert.Equal(first, File.ReadAllBytes(dir.File("2.safetensors")));
        // The data must start 8-byte aligned, as the reference writer pads the header.
        Assert.Equal(0UL, BitConverter.ToUInt64(first, 0) % 8);
    }

    [Fact]
    public void a_non_contiguous_view_is_written_as_its_logical_values()
    {
        using var dir = new TempFolder();
        using var scope = NewDisposeScope();
        var t = arange(6).reshape(2, 3).to_type(ScalarType.Float32).t();
        SafetensorsWriter.Write(dir.File("t.safetensors"), new Dictionary<string, Tensor> { ["t"] = t });
        using var file = SafetensorsFile.Open(dir.File("t.safetensors"));
        using var back = file.ReadTensor("t");
        Assert.Equal(new[] { 0f, 3f, 1f, 4f, 2f, 5f }, back.data<float>().ToArray());
    }
}

[Trait("Category", "Unit")]
public class when_a_checkpoint_is_sharded
{
    [Fact]
    public void the_index_weight_map_routes_each_tensor_to_its_shard()
    {
        using var dir = new TempFolder();
        using var scope = NewDisposeScope();
        SafetensorsWriter.Write(dir.File("model-00001-of-00002.safetensors"), new Dictionary<string, Tensor> { ["a"] = ones(2) });
        SafetensorsWriter.Write(dir.File("model-00002-of-00002.safetensors"), new Dictionary<string, Tensor> { ["b"] = full(3, 2f) });
        File.WriteAllText(dir.File("model.safetensors.index.json"), """
            {"metadata":{"total_size":20},"weight_map":{"a":"model-00001-of-00002.safetensors","b":"model-00002-of-00002.safetensors"}}
            """);
        using var checkpoint = SafetensorsCheckpoint.Open(dir.Path);
        Assert.Equal(new[] { "a", "b" }, checkpoint.Names);
        Assert.Equal(new[] { 2f, 2f, 2f }, checkpoint.ReadTensor("b").data<float>().ToArray());
        Assert.EndsWith("model-00001-of-00002.safetensors", checkpoint.FileOf("a"));
    }

    [Fact]
    public void a_missing_shard_is_named()
    {
        using var dir = new TempFolder();
        File.WriteAllText(dir.File("model.safetensors.index.json"), """{"weight_map":{"a":"gone.safetensors"}}""");
        var e = Assert.Throws<FileNotFoundException>(() => SafetensorsCheckpoint.Open(dir.Path));
        Assert.Contains("tensor 'a' maps to gone.safetensors", e.Message);
    }

    [Fact]
    public void a_folder_without_weights_says_what_it_looked_for()
    {
        using var dir = new TempFolder();
        var e = Assert.Throws<FileNotFoundException>(() => SafetensorsCheckpoint.Open(dir.Path));
        Assert.Contains("model.safetensors", e.Message);
    }
}
