using System.Text.Json.Nodes;
using Lineage.Proxy.Models;
using Lineage.Proxy.Safetensors;
using static TorchSharp.torch;

namespace Lineage.Proxy.Tests.Proxy;

[Trait("Category", "Unit")]
public class when_loading_a_model_folder
{
    private static TempFolder CopyOf(string fixture)
    {
        var copy = new TempFolder();
        foreach (var name in new[] { "config.json", "model.safetensors" })
        {
            File.Copy(Path.Combine(fixture, name), copy.File(name));
        }
        return copy;
    }

    private static void EditConfig(TempFolder folder, Action<JsonNode> edit)
    {
        var config = JsonNode.Parse(File.ReadAllText(folder.File("config.json")))!;
        edit(config);
        File.WriteAllText(folder.File("config.json"), config.ToJsonString());
    }

    [Fact]
    public void parameter_names_are_the_transformers_names_and_lm_head_exists_only_when_untied()
    {
        using var qwen = CausalLM.Load(Fixtures.TinyQwen2);
        using var llama = CausalLM.Load(Fixtures.TinyLlama);
        using var qwenFile = SafetensorsFile.Open(Path.Combine(Fixtures.TinyQwen2, "model.safetensors"));
        using var llamaFile = SafetensorsFile.Open(Path.Combine(Fixtures.TinyLlama, "model.safetensors"));
        Assert.Equal(qwenFile.Names, qwen.NamedParameters().Select(p => p.Name).Order(StringComparer.Ordinal));
        Assert.Equal(llamaFile.Names, llama.NamedParameters().Select(p => p.Name).Order(StringComparer.Ordinal));
        Assert.DoesNotContain(qwen.NamedParameters(), p => p.Name == "lm_head.weight");
        Assert.Contains(llama.NamedParameters(), p => p.Name == "lm_head.weight");
    }

    [Fact]
    public void rope_settings_are_read_from_rope_parameters_and_from_legacy_top_level_keys()
    {
        var llama = CausalLMConfig.Load(Fixtures.TinyLlama);
        Assert.Equal(new RopeSettings(500000.0, "llama3", 8.0, 1.0, 4.0, 64), llama.Rope);
        using var legacy = CopyOf(Fixtures.TinyLlama);
        EditConfig(legacy, c =>
        {
            var rope = c["rope_parameters"]!.AsObject();
            c.AsObject().Remove("rope_parameters");
            c["rope_theta"] = rope["rope_theta"]!.GetValue<double>();
            rope.Remove("rope_theta");
            c["rope_scaling"] = rope;
        });
        Assert.Equal(llama.Rope, CausalLMConfig.Load(legacy.Path).Rope);
        // The same weights through the legacy config give the reference greedy continuation.
        using var model = CausalLM.Load(legacy.Path);
        Assert.Equal(436L, model.Generate([[752, 672, 110, 539, 699, 985]], GenerationOptions.Greedy(10))[0][^1]);
    }

    [Fact]
    public void a_tensor_whose_shape_disagrees_with_the_config_is_named_with_its_file()
    {
        using var folder = CopyOf(Fixtures.TinyQwen2);
        EditConfig(folder, c => c["intermediate_size"] = 128);
        var e = Assert.Throws<InvalidDataException>(() => CausalLM.Load(folder.Path));
        Assert.Contains("model.safetensors: tensor 'model.layers.0.mlp.gate_proj.weight' has shape [176, 64]", e.Message);
        Assert.Contains("config.json implies [128, 64]", e.Message);
    }

    [Fact]
    public void an_unsupported_architecture_is_named()
    {
        using var folder = CopyOf(Fixtures.TinyQwen2);
        EditConfig(folder, c => { c["architectures"] = new JsonArray("MistralForCausalLM"); c["model_type"] = "mistral"; });
        var e = Assert.Throws<NotSupportedException>(() => CausalLM.Load(folder.Path));
        Assert.Contains("config.json: architectures [MistralForCausalLM] is not supported", e.Message);
    }

    [Fact]
    public void a_checkpoint_missing_a_parameter_names_it()
    {
        using var folder = CopyOf(Fixtures.TinyQwen2);
        // Untying the embeddings makes lm_head.weight a parameter that this checkpoint does not have.
        EditConfig(folder, c => c["tie_word_embeddings"] = false);
        var e = Assert.Throws<InvalidDataException>(() => CausalLM.Load(folder.Path));
        Assert.Contains("tensor 'lm_head.weight' is missing", e.Message);
    }

    [Fact]
    public void a_truncated_checkpoint_names_the_file_and_tensor()
    {
        using var folder = CopyOf(Fixtures.TinyLlama);
        var bytes = File.ReadAllBytes(folder.File("model.safetensors"));
        File.WriteAllBytes(folder.File("model.safetensors"), bytes[..(bytes.Length - 100)]);
        var e = Assert.Throws<InvalidDataException>(() => CausalLM.Load(folder.Path));
        Assert.Contains("model.safetensors: tensor 'model.norm.weight' ends at byte", e.Message);
    }

    [Fact]
    public void attention_bias_gives_llama_biases_on_all_four_projections()
    {
        var config = CausalLMConfig.Load(Fixtures.TinyLlama) with { AttentionBias = true };
        using var model = new CausalLM(config);
        var names = model.NamedParameters().Select(p => p.Name).ToHashSet();
        foreach (var proj in new[] { "q_proj", "k_proj", "v_proj", "o_proj" })
        {
            Assert.Contains($"model.layers.1.self_attn.{proj}.bias", names);
        }
    }

    [Fact]
    public void bfloat16_weights_give_logits_close_to_float32()
    {
        using var scope = NewDisposeScope();
        using var full = CausalLM.Load(Fixtures.TinyQwen2);
        using var half = CausalLM.Load(Fixtures.TinyQwen2, CPU, ScalarType.BFloat16);
        Assert.All(half.parameters(), p => Assert.Equal(ScalarType.BFloat16, p.dtype));
        var ids = tensor(new long[] { 451, 340, 1009, 361, 133, 986, 136, 851 }).view(1, -1);
        var error = ProxyCheck.RelativeError(half.Forward(ids).to_type(ScalarType.Float32), full.Forward(ids));
        // bfloat16 keeps 8 bits of mantissa: a few percent, not float32's 1e-7, and not garbage.
        Assert.InRange(error, 1e-4, 5e-2);
    }
}

[Trait("Category", "Unit")]
public class when_rope_uses_linear_scaling
{
    [Fact]
    public void positions_are_divided_by_the_factor()
    {
        using var scope = NewDisposeScope();
        var plain = RotaryEmbedding.InverseFrequencies(new RopeSettings(10000.0), 16, CPU);
        var linear = RotaryEmbedding.InverseFrequencies(new RopeSettings(10000.0, "linear", Factor: 4.0), 16, CPU);
        // theta^(-2i/d) for i = 0..7: 1, 0.3162, 0.1, ... ; linear scaling by 4 quarters each.
        Assert.Equal(1.0f, plain[0].item<float>());
        Assert.Equal(0.1f, plain[2].item<float>(), 6);
        Assert.Equal(0.025f, linear[2].item<float>(), 6);
    }
}
