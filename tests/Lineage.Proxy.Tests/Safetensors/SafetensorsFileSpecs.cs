using System.Buffers.Binary;
using System.Text;
using Lineage.Proxy.Safetensors;
using static TorchSharp.torch;

namespace Lineage.Proxy.Tests.Safetensors;

[Trait("Category", "Unit")]
public class when_reading_the_fixture_checkpoint
{
    // Values read from the file's bytes with Python's struct module, independently of this reader.
    [Fact]
    public void it_lists_every_tensor_with_its_dtype_and_shape()
    {
        using var file = SafetensorsFile.Open(Path.Combine(Fixtures.TinyQwen2, "model.safetensors"));
        Assert.Equal(26, file.Names.Count);
        Assert.Equal("model.embed_tokens.weight", file.Names[0]);
        Assert.Equal("pt", file.Metadata["format"]);
        var info = file.Info("model.layers.0.mlp.down_proj.weight");
        Assert.Equal("F32", info.Dtype);
        Assert.Equal(new long[] { 64, 176 }, info.Shape);
        Assert.Equal(262400, info.Begin);
    }

    [Fact]
    public void it_reads_the_stored_values()
    {
        using var file = SafetensorsFile.Open(Path.Combine(Fixtures.TinyQwen2, "model.safetensors"));
        using var embed = file.ReadTensor("model.embed_tokens.weight");
        Assert.Equal(new long[] { 1024, 64 }, embed.shape);
        var row = embed[0].narrow(0, 0, 4).data<float>().ToArray();
        Assert.Equal(new[] { 0.005839557386934757f, -0.0003169341944158077f, -0.007385709788650274f, 0.026711909100413322f }, row);
    }

    [Fact]
    public void it_converts_to_the_requested_dtype()
    {
        using var file = SafetensorsFile.Open(Path.Combine(Fixtures.TinyQwen2, "model.safetensors"));
        using var embed = file.ReadTensor("model.embed_tokens.weight", CPU, ScalarType.BFloat16);
        Assert.Equal(ScalarType.BFloat16, embed.dtype);
        Assert.Equal(0.005839557f, embed[0, 0].to_type(ScalarType.Float32).item<float>(), 3e-5f);
    }
}

[Trait("Category", "Unit")]
public class when_reading_a_hand_written_file
{
    // Bytes built by hand here, not by SafetensorsWriter, so the reader is checked against the format itself.
    private static byte[] Build(string header, byte[] data)
    {
        var json = Encoding.UTF8.GetBytes(header);
        var bytes = new byte[8 + json.Length + data.Length];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, (ulong)json.Length);
        json.CopyTo(bytes, 8);
        data.CopyTo(bytes, 8 + json.Length);
        return bytes;
    }

    [Fact]
    public void bf16_f16_i64_and_i32_values_decode_to_their_numbers()
    {
        using var dir = new TempFolder();
        var data = new byte[]
        {
            0x80, 0x3F, 0x40, 0xC0,             // bf16: 1.0, -3.0
            0x00, 0x3C, 0x00, 0x38,             // f16: 1.0, 0.5
            0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, // i64: -1
            0x07, 0x00, 0x00, 0x00,             // i32: 7
        };
        string header = """
            {"b":{"dtype":"BF16","shape":[2],"data_offsets":[0,4]},
             "h":{"dtype":"F16","shape":[2,1],"data_offsets":[4,8]},
             "l":{"dtype":"I64","shape":[],"data_offsets":[8,16]},
             "i":{"dtype":"I32","shape":[1],"data_offsets":[16,20]}}
            """;
        File.WriteAllBytes(dir.File("x.safetensors"), Build(header, data));
        using var file = SafetensorsFile.Open(dir.File("x.safetensors"));
        Assert.Equal(new[] { "b", "h", "i", "l" }, file.Names);
        Assert.Empty(file.Metadata);
        using var b = file.ReadTensor("b", dtype: ScalarType.Float32);
        Assert.Equal(new[] { 1f, -3f }, b.data<float>().ToArray());
        using var h = file.ReadTensor("h", dtype: ScalarType.Float32);
        Assert.Equal(new long[] { 2, 1 }, h.shape);
        Assert.Equal(new[] { 1f, 0.5f }, h.data<float>().ToArray());
        using var l = file.ReadTensor("l");
        Assert.Equal(ScalarType.Int64, l.dtype);
        Assert.Equal(-1L, l.item<long>());
        using var i = file.ReadTensor("i");
        Assert.Equal(7, i.item<int>());
    }

    [Fact]
    public void a_truncated_file_names_the_file_and_the_tensor_that_runs_past_its_end()
    {
        using var dir = new TempFolder();
        string header = """{"w":{"dtype":"F32","shape":[4],"data_offsets":[0,16]}}""";
        File.WriteAllBytes(dir.File("model.safetensors"), Build(header, new byte[10]));
        var e = Assert.Throws<InvalidDataException>(() => SafetensorsFile.Open(dir.File("model.safetensors")));
        Assert.Contains("model.safetensors: tensor 'w' ends at byte", e.Message);
        Assert.Contains("but the file has", e.Message);
    }

    [Fact]
    public void a_shape_that_disagrees_with_the_byte_span_is_refused()
    {
        using var dir = new TempFolder();
        string header = """{"w":{"dtype":"F32","shape":[3],"data_offsets":[0,16]}}""";
        File.WriteAllBytes(dir.File("m.safetensors"), Build(header, new byte[16]));
        var e = Assert.Throws<InvalidDataException>(() => SafetensorsFile.Open(dir.File("m.safetensors")));
        Assert.Contains("tensor 'w'", e.Message);
        Assert.Contains("needs 12 bytes", e.Message);
    }

    [Fact]
    public void a_header_length_past_the_end_of_the_file_is_refused()
    {
        using var dir = new TempFolder();
        var bytes = new byte[20];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, 1000);
        File.WriteAllBytes(dir.File("m.safetensors"), bytes);
        var e = Assert.Throws<InvalidDataException>(() => SafetensorsFile.Open(dir.File("m.safetensors")));
        Assert.Contains("header claims 1000 bytes but the file has 20 bytes", e.Message);
    }

    [Fact]
    public void a_header_that_is_not_json_is_refused()
    {
        using var dir = new TempFolder();
        File.WriteAllBytes(dir.File("m.safetensors"), Build("{not json", []));
        var e = Assert.Throws<InvalidDataException>(() => SafetensorsFile.Open(dir.File("m.safetensors")));
        Assert.Contains("not valid JSON", e.Message);
    }

    [Fact]
    public void an_unknown_dtype_is_named()
    {
        using var dir = new TempFolder();
        string header = """{"w":{"dtype":"F8_E4M3","shape":[1],"data_offsets":[0,1]}}""";
        File.WriteAllBytes(dir.File("m.safetensors"), Build(header, new byte[1]));
        var e = Assert.Throws<InvalidDataException>(() => SafetensorsFile.Open(dir.File("m.safetensors")));
        Assert.Contains("dtype 'F8_E4M3' is not supported", e.Message);
    }
}
