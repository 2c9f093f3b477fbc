using System.Text.Json;
using System.Text.Json.Nodes;

namespace Lineage.Proxy.Models;

/// <summary>The two decoder families this reimplementation covers.</summary>
public enum ModelFamily
{
    Qwen2,
    Llama,
}

/// <summary>
/// What the model code needs from a Hugging Face config.json.
/// </summary>
public sealed record CausalLMConfig
{
    public required ModelFamily Family { get; init; }
    public required int VocabSize { get; init; }
    public required int HiddenSize { get; init; }
    public required int IntermediateSize { get; init; }
    public required int NumHiddenLayers { get; init; }
    public required int NumAttentionHeads { get; init; }
    public required int NumKeyValueHeads { get; init; }
    public required int HeadDim { get; init; }
    public double RmsNormEps { get; init; } = 1e-6;
    public required RopeSettings Rope { get; init; }
    public bool TieWordEmbeddings { get; init; }
    /// <summary>Biases on q/k/v/o (Llama's attention_bias). Qwen2 has q/k/v biases regardless.</summary>
    public bool AttentionBias { get; init; }
    public bool MlpBias { get; init; }
    public double InitializerRange { get; init; } = 0.02;
    public int MaxPositionEmbeddings { get; init; } = 2048;
    public IReadOnlyList<long> EosTokenIds { get; init; } = [];
    public long? BosTokenId { get; init; }
    public long? PadTokenId { get; init; }

    public bool QkvBias => Family == ModelFamily.Qwen2 || AttentionBias;
    public bool OutputBias => Family == ModelFamily.Llama && AttentionBias;

    public static CausalLMConfig Load(string folder)
    {
        string path = Path.Combine(folder, "config.json");
        if (!File.Exists(path)) throw new FileNotFoundException($"{path}: config.json not found", path);
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(File.ReadAllBytes(path));
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path}: not valid JSON ({e.Message})", e);
        }
        using (doc) return Parse(doc.RootElement, path);
    }

    public static CausalLMConfig Parse(JsonElement root, string path)
    {
        var family = ReadFamily(root, path);
        int Int(string name) =>
            root.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number && v.TryGetInt32(out int i) && i > 0
                ? i
                : throw new InvalidDataException($"{path}: '{name}' must be a positive integer");
        double Double(string name, double fallback) =>
            root.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number ? v.GetDouble() : fallback;
        bool Bool(string name, bool fallback) =>
            root.TryGetProperty(name, out var v) && v.ValueKind is JsonValueKind.True or JsonValueKind.False ? v.GetBoolean() : fallback;

        int hidden = Int("hidden_size");
        int heads = Int("num_attention_heads");
        int kvHeads = root.TryGetProperty("num_key_value_heads", out var kv) && kv.ValueKind == JsonValueKind.Number ? kv.GetInt32() : heads;
        int headDim = root.TryGetProperty("head_dim", out var hd) && hd.ValueKind == JsonValueKind.Number ? hd.GetInt32() : hidden / heads;
        if (kvHeads <= 0 || heads % kvHeads != 0)
        {
            throw new InvalidDataException($"{path}: num_attention_heads {heads} is not a multiple of num_key_value_heads {kvHeads}");
        }
        if (headDim % 2 != 0) throw new InvalidDataException($"{path}: head_dim {headDim} must be even for RoPE");
        if (Bool("use_sliding_window", false))
        {
            throw new NotSupportedException($"{path}: use_sliding_window=true is not supported (only full attention is implemented)");
        }
        if (root.TryGetProperty("hidden_act", out var act) && act.GetString() is { } a && a != "silu")
        {
            throw new NotSupportedException($"{path}: hidden_act '{a}' is not supported (only silu)");
        }

        return new CausalLMConfig
        {
            Family = family,
            VocabSize = Int("vocab_size"),
            HiddenSize = hidden,
            IntermediateSize = Int("intermediate_size"),
            NumHiddenLayers = Int("num_hidden_layers"),
            NumAttentionHeads = heads,
            NumKeyValueHeads = kvHeads,
            HeadDim = headDim,
            RmsNormEps = Double("rms_norm_eps", 1e-6),
            Rope = RopeSettings.FromConfig(root, path),
            // transformers defaults tie_word_embeddings to true for Qwen2 and false for Llama.
            TieWordEmbeddings = Bool("tie_word_embeddings", family == ModelFamily.Qwen2),
            AttentionBias = Bool("attention_bias", false),
            MlpBias = Bool("mlp_bias", false),
            InitializerRange = Double("initializer_range", 0.02),
            MaxPositionEmbeddings = root.TryGetProperty("max_position_embeddings", out var mp) && mp.ValueKind == JsonValueKind.Number ? mp.GetInt32() : 2048,
            EosTokenIds = ReadIds(root, "eos_token_id"),
            BosTokenId = ReadIds(root, "bos_token_id") is [var b, ..] ? b : null,
            PadTokenId = ReadIds(root, "pad_token_id") is [var p, ..] ? p : null,
        };
    }

    /// <summary>A token id field that may be null, a number or a list of numbers.</summary>
    public static IReadOnlyList<long> ReadIds(JsonElement root, string name)
    {
        if (!root.TryGetProperty(name, out var v)) return [];
        return v.ValueKind switch
        {
            JsonValueKind.Number => [v.GetInt64()],
            JsonValueKind.Array => v.EnumerateArray().Where(x => x.ValueKind == JsonValueKind.Number).Select(x => x.GetInt64()).ToArray(),
            _ => [],
        };
    }

    private static ModelFamily ReadFamily(JsonElement root, string path)
    {
        string? modelType = root.TryGetProperty("model_type", out var mt) && mt.ValueKind == JsonValueKind.String ? mt.GetString() : null;
        var architectures = root.TryGetProperty("architectures", out var a) && a.ValueKind == JsonValueKind.Array
            ? a.EnumerateArray().Select(x => x.GetString() ?? "").ToArray()
            : [];
        foreach (var arch in architectures)
        {
            if (arch == "Qwen2ForCausalLM") return ModelFamily.Qwen2;
            if (arch == "LlamaForCausalLM") return ModelFamily.Llama;
        }
        if (architectures.Length > 0)
        {
            throw new NotSupportedException(
                $"{path}: architectures [{string.Join(", ", architectures)}] is not supported (supported: Qwen2ForCausalLM, LlamaForCausalLM)");
        }
        return modelType switch
        {
            "qwen2" => ModelFamily.Qwen2,
            "llama" => ModelFamily.Llama,
            _ => throw new NotSupportedException(
                $"{path}: model_type '{modelType ?? "(missing)"}' is not supported (supported: qwen2, llama)"),
        };
    }

    /// <summary>A config.json in the transformers 5 layout that <see cref="Load"/> reads back.</summary>
    public string ToJson()
    {
        var rope = new JsonObject { ["rope_theta"] = Rope.Theta, ["rope_type"] = Rope.Type };
        if (Rope.Type == "linear") rope["factor"] = Rope.Factor;
        if (Rope.Type == "llama3")
        {
            rope["factor"] = Rope.Factor;
            rope["low_freq_factor"] = Rope.LowFreqFactor;
            rope["high_freq_factor"] = Rope.HighFreqFactor;
            rope["original_max_position_embeddings"] = Rope.OriginalMaxPositionEmbeddings;
        }
        var root = new JsonObject
        {
            ["architectures"] = new JsonArray(Family == ModelFamily.Qwen2 ? "Qwen2ForCausalLM" : "LlamaForCausalLM"),
            ["model_type"] = Family == ModelFamily.Qwen2 ? "qwen2" : "llama",
            ["attention_bias"] = AttentionBias,
            ["mlp_bias"] = MlpBias,
            ["hidden_act"] = "silu",
            ["hidden_size"] = HiddenSize,
            ["intermediate_size"] = IntermediateSize,
            ["num_hidden_layers"] = NumHiddenLayers,
            ["num_attention_heads"] = NumAttentionHeads,
            ["num_key_value_heads"] = NumKeyValueHeads,
            ["head_dim"] = HeadDim,
            ["rms_norm_eps"] = RmsNormEps,
            ["rope_parameters"] = rope,
            ["tie_word_embeddings"] = TieWordEmbeddings,
            ["initializer_range"] = InitializerRange,
            ["max_position_embeddings"] = MaxPositionEmbeddings,
            ["vocab_size"] = VocabSize,
            ["bos_token_id"] = BosTokenId,
            ["eos_token_id"] = EosTokenIds.Count switch { 0 => null, 1 => EosTokenIds[0], _ => new JsonArray(EosTokenIds.Select(e => (JsonNode?)e).ToArray()) },
            ["pad_token_id"] = PadTokenId,
            ["dtype"] = "float32",
        };
        return root.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
    }
}
