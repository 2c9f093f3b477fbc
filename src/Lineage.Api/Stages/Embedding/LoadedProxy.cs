using System.Security.Cryptography;
using System.Text.Json;
using Lineage.Proxy.Embeddings;
using Lineage.Proxy.Models;
using Lineage.Proxy.Safetensors;
using Lineage.Proxy.Tokenization;
using Lineage.Proxy.Tokenization.Chat;
using static TorchSharp.torch;

namespace Lineage.Api.Stages.Embedding;

/// <summary>
/// A proxy model in memory with what identifies it in events: its id, the SHA-256 of its weights and its
/// tokenizer. Owned by <see cref="ProxyModelHost"/>, which serialises every use.
/// </summary>
public sealed class LoadedProxy : IDisposable
{
    /// <summary>The longest example fed to the proxy; longer ones are cut by <see cref="ProxyWindow"/>.</summary>
    public const int MaxWindow = 1024;

    private LoadedProxy(string key, string modelId, string weightsSha256, CausalLM model, IProxyTokenizer tokenizer)
    {
        (Key, ModelId, WeightsSha256, Model, Tokenizer) = (key, modelId, weightsSha256, model, tokenizer);
        MaxTokens = Math.Min(MaxWindow, model.Config.MaxPositionEmbeddings);
    }

    /// <summary>What was asked for (a folder path); the host reloads only when this changes.</summary>
    public string Key { get; }

    public string ModelId { get; }

    public string WeightsSha256 { get; }

    public CausalLM Model { get; }

    public IProxyTokenizer Tokenizer { get; }

    public int MaxTokens { get; }

    /// <summary>Loads a Hugging Face folder (or a default proxy's folder) onto <paramref name="device"/>.</summary>
    public static LoadedProxy Load(string folder, string modelId, Device device) => Load(folder, modelId, device, ScalarType.Float32);

    /// <summary>Loads in <paramref name="dtype"/> (the paper's proxy runs in bfloat16); the key names folder and dtype.</summary>
    public static LoadedProxy Load(string folder, string modelId, Device device, ScalarType dtype)
    {
        var config = CausalLMConfig.Load(folder);
        var tokenizer = TokenizerOf(folder, config);
        var weights = WeightsSha256Of(folder);
        return new LoadedProxy(KeyOf(folder, dtype), modelId, weights, CausalLM.Load(folder, device, dtype), tokenizer);
    }

    /// <summary>What a loaded proxy is: its folder, and its dtype when that is not float32.</summary>
    public static string KeyOf(string folder, ScalarType dtype) => dtype == ScalarType.Float32 ? folder : $"{folder}|{dtype}";

    /// <summary>A config's <c>proxyDType</c> as a torch dtype.</summary>
    public static ScalarType DTypeOf(string? name) => name switch
    {
        null or "float32" => ScalarType.Float32,
        "bfloat16" => ScalarType.BFloat16,
        _ => throw new ArgumentException($"proxy dtype '{name}' is not float32 or bfloat16"),
    };

    /// <summary>
    /// The default proxy writes <c>tokenizer_config.json</c> with <c>"tokenizer": "bytes"</c>; any other folder
    /// must carry its model family's BPE files. A tokenizer that can emit ids beyond the embedding table would
    /// fail deep inside a batch, so that is refused here.
    /// </summary>
    private static IProxyTokenizer TokenizerOf(string folder, CausalLMConfig config)
    {
        if (IsByteTokenizer(folder)) return new ByteProxyTokenizer();
        bool hasFiles = File.Exists(Path.Combine(folder, "tokenizer.json")) || File.Exists(Path.Combine(folder, "tokenizer.json.gz"))
                        || (File.Exists(Path.Combine(folder, "vocab.json")) && File.Exists(Path.Combine(folder, "merges.txt")));
        if (!hasFiles)
            throw new InvalidOperationException(
                $"proxy folder {folder} has no tokenizer (tokenizer.json, or vocab.json + merges.txt): gradients need the model's own token ids");
        ITextTokenizer text;
        ChatFormat format;
        if (config.Family == ModelFamily.Qwen2)
        {
            var qwen = QwenTokenizer.FromFolder(folder);
            (text, format) = (qwen, ChatFormat.Qwen(qwen));
        }
        else
        {
            var llama = Llama3Tokenizer.FromFolder(folder);
            (text, format) = (llama, ChatFormat.Llama3(llama));
        }
        if (text.VocabSize > config.VocabSize)
            throw new InvalidOperationException(
                $"proxy folder {folder}: the tokenizer has {text.VocabSize} ids but the model's vocabulary only {config.VocabSize}");
        return new ChatProxyTokenizer(format, text.Id);
    }

    private static bool IsByteTokenizer(string folder)
    {
        var path = Path.Combine(folder, "tokenizer_config.json");
        if (!File.Exists(path)) return false;
        using var json = JsonDocument.Parse(File.ReadAllBytes(path));
        return json.RootElement.ValueKind == JsonValueKind.Object
               && json.RootElement.TryGetProperty("tokenizer", out var kind)
               && kind.ValueKind == JsonValueKind.String && kind.GetString() == "bytes";
    }

    /// <summary>
    /// SHA-256 of <c>model.safetensors</c>; for a sharded checkpoint, of the lines <c>{shard} {sha256}\n</c> in
    /// ordinal order, so the hash still changes when any shard does.
    /// </summary>
    public static string WeightsSha256Of(string folder)
    {
        var single = Path.Combine(folder, SafetensorsCheckpoint.SingleFileName);
        if (File.Exists(single)) return FileSha256(single);
        var index = Path.Combine(folder, SafetensorsCheckpoint.IndexFileName);
        if (!File.Exists(index)) throw new InvalidOperationException($"proxy folder {folder} holds neither {single} nor {index}");
        using var json = JsonDocument.Parse(File.ReadAllBytes(index));
        var shards = json.RootElement.GetProperty("weight_map").EnumerateObject()
            .Select(p => p.Value.GetString() ?? throw new InvalidDataException($"{index}: weight_map entry {p.Name} is not a file name"))
            .Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)
            .Select(f => Path.Combine(folder, ShardName(index, f)))
            .ToList();
        var lines = string.Concat(shards.Select(s => $"{Path.GetFileName(s)} {FileSha256(s)}\n"));
        return Lineage.Domain.Hashing.Sha256Hex.Of(lines);
    }

    /// <summary>
    /// A shard named by the index must lie in the folder, as <see cref="SafetensorsCheckpoint"/> requires when it
    /// loads: an index listing <c>../../etc/shadow</c> or an absolute path must not get that file hashed.
    /// </summary>
    private static string ShardName(string index, string shard) =>
        shard.Length == 0 || shard.Contains("..", StringComparison.Ordinal) || Path.IsPathRooted(shard)
            ? throw new InvalidDataException($"{index}: weight_map names an invalid shard '{shard}' (it must be a file name inside the folder)")
            : shard;

    private static string FileSha256(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }

    public void Dispose() => Model.Dispose();
}
