using System.Text.Json;
using static TorchSharp.torch;

namespace Lineage.Proxy.Safetensors;

/// <summary>
/// The weights of a Hugging Face model folder: either one <c>model.safetensors</c> or
/// shards listed by <c>model.safetensors.index.json</c> (its <c>weight_map</c> maps each
/// tensor name to a shard file). Shards are opened lazily and kept open until disposed.
/// </summary>
public sealed class SafetensorsCheckpoint : IDisposable
{
    public const string SingleFileName = "model.safetensors";
    public const string IndexFileName = "model.safetensors.index.json";

    private readonly Dictionary<string, string> _fileOf;
    private readonly Dictionary<string, SafetensorsFile> _open = new(StringComparer.Ordinal);
    private readonly object _gate = new();

    private SafetensorsCheckpoint(string folder, Dictionary<string, string> fileOf)
    {
        Folder = folder;
        _fileOf = fileOf;
        Names = fileOf.Keys.OrderBy(n => n, StringComparer.Ordinal).ToArray();
    }

    public string Folder { get; }

    public IReadOnlyList<string> Names { get; }

    public static SafetensorsCheckpoint Open(string folder)
    {
        string index = System.IO.Path.Combine(folder, IndexFileName);
        string single = System.IO.Path.Combine(folder, SingleFileName);
        if (File.Exists(index)) return FromIndex(folder, index);
        if (!File.Exists(single))
        {
            throw new FileNotFoundException(
                $"{folder}: neither {SingleFileName} nor {IndexFileName} exists", single);
        }
        var file = SafetensorsFile.Open(single);
        var checkpoint = new SafetensorsCheckpoint(folder, file.Names.ToDictionary(n => n, _ => single, StringComparer.Ordinal));
        checkpoint._open[single] = file;
        return checkpoint;
    }

    private static SafetensorsCheckpoint FromIndex(string folder, string indexPath)
    {
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(File.ReadAllBytes(indexPath));
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{indexPath}: not valid JSON ({e.Message})", e);
        }
        using (doc)
        {
            if (!doc.RootElement.TryGetProperty("weight_map", out var map) || map.ValueKind != JsonValueKind.Object)
            {
                throw new InvalidDataException($"{indexPath}: no weight_map object");
            }
            var fileOf = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var entry in map.EnumerateObject())
            {
                string? shard = entry.Value.ValueKind == JsonValueKind.String ? entry.Value.GetString() : null;
                if (string.IsNullOrEmpty(shard) || shard.Contains("..") || System.IO.Path.IsPathRooted(shard))
                {
                    throw new InvalidDataException($"{indexPath}: tensor '{entry.Name}' maps to an invalid shard name");
                }
                string shardPath = System.IO.Path.Combine(folder, shard);
                if (!File.Exists(shardPath))
                {
                    throw new FileNotFoundException($"{indexPath}: tensor '{entry.Name}' maps to {shard}, which does not exist", shardPath);
                }
                fileOf[entry.Name] = shardPath;
            }
            return new SafetensorsCheckpoint(folder, fileOf);
        }
    }

    public bool Contains(string name) => _fileOf.ContainsKey(name);

    /// <summary>The file that holds a tensor, for error messages.</summary>
    public string FileOf(string name) =>
        _fileOf.TryGetValue(name, out var path) ? path : throw new KeyNotFoundException($"{Folder}: no tensor named '{name}'");

    public SafetensorsTensorInfo Info(string name) => Shard(name).Info(name);

    public Tensor ReadTensor(string name, Device? device = null, ScalarType? dtype = null) =>
        Shard(name).ReadTensor(name, device, dtype);

    private SafetensorsFile Shard(string name)
    {
        string path = FileOf(name);
        lock (_gate)
        {
            if (!_open.TryGetValue(path, out var file))
            {
                file = SafetensorsFile.Open(path);
                _open[path] = file;
            }
            if (!file.Contains(name))
            {
                throw new InvalidDataException($"{path}: the index lists tensor '{name}' here but the file does not contain it");
            }
            return file;
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            foreach (var file in _open.Values) file.Dispose();
            _open.Clear();
        }
    }
}
