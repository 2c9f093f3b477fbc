using System.Buffers.Binary;
using System.Text.Json;

namespace Lineage.Proxy.Safetensors;

/// <summary>
/// Parses and validates the header of a safetensors file: an 8-byte little-endian
/// length, then that many bytes of JSON mapping tensor names to dtype, shape and
/// byte offsets (relative to the end of the header), plus an optional string map
/// under "__metadata__". Every entry is checked against the file's length here, so
/// a truncated or corrupt file fails when it is opened, with the tensor named.
/// </summary>
internal static class SafetensorsHeader
{
    // The reference implementation refuses headers past 100 MB; a larger value means corruption.
    private const long MaxHeaderBytes = 100_000_000;

    public static (Dictionary<string, SafetensorsTensorInfo> Tensors, Dictionary<string, string> Metadata, long DataStart)
        Read(Microsoft.Win32.SafeHandles.SafeFileHandle handle, string displayName)
    {
        long fileLength = RandomAccess.GetLength(handle);
        if (fileLength < 8)
        {
            throw new InvalidDataException(
                $"{displayName}: the file has {fileLength} bytes; a safetensors file starts with an 8-byte header length");
        }

        Span<byte> lengthBytes = stackalloc byte[8];
        RandomAccess.Read(handle, lengthBytes, 0);
        ulong headerLength = BinaryPrimitives.ReadUInt64LittleEndian(lengthBytes);
        if (headerLength > MaxHeaderBytes || (long)headerLength > fileLength - 8)
        {
            throw new InvalidDataException(
                $"{displayName}: the header claims {headerLength} bytes but the file has {fileLength} bytes (truncated or not a safetensors file)");
        }

        var json = new byte[headerLength];
        RandomAccess.Read(handle, json, 8);
        long dataStart = 8 + (long)headerLength;
        long dataLength = fileLength - dataStart;

        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(json);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{displayName}: the header is not valid JSON ({e.Message})", e);
        }

        using (doc)
        {
            if (doc.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw new InvalidDataException($"{displayName}: the header is not a JSON object");
            }

            var tensors = new Dictionary<string, SafetensorsTensorInfo>(StringComparer.Ordinal);
            var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var property in doc.RootElement.EnumerateObject())
            {
                if (property.Name == "__metadata__")
                {
                    ReadMetadata(property.Value, metadata, displayName);
                    continue;
                }
                var info = ReadEntry(property.Name, property.Value, displayName);
                if (info.End > dataLength)
                {
                    throw new InvalidDataException(
                        $"{displayName}: tensor '{info.Name}' ends at byte {dataStart + info.End} but the file has {fileLength} bytes");
                }
                tensors[info.Name] = info;
            }
            return (tensors, metadata, dataStart);
        }
    }

    private static void ReadMetadata(JsonElement element, Dictionary<string, string> metadata, string displayName)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw new InvalidDataException($"{displayName}: __metadata__ must be an object of strings");
        }
        foreach (var entry in element.EnumerateObject())
        {
            if (entry.Value.ValueKind != JsonValueKind.String)
            {
                throw new InvalidDataException($"{displayName}: __metadata__ entry '{entry.Name}' is not a string");
            }
            metadata[entry.Name] = entry.Value.GetString()!;
        }
    }

    private static SafetensorsTensorInfo ReadEntry(string name, JsonElement entry, string displayName)
    {
        string Where() => $"{displayName}: tensor '{name}'";
        if (entry.ValueKind != JsonValueKind.Object)
        {
            throw new InvalidDataException($"{Where()}: header entry is not an object");
        }
        if (!entry.TryGetProperty("dtype", out var dtypeElement) || dtypeElement.ValueKind != JsonValueKind.String)
        {
            throw new InvalidDataException($"{Where()}: header entry has no dtype");
        }
        string dtype = dtypeElement.GetString()!;
        if (!SafetensorsDtype.TryParse(dtype, out var scalarType, out int elementSize))
        {
            throw new InvalidDataException(
                $"{Where()}: dtype '{dtype}' is not supported (supported: {string.Join(", ", SafetensorsDtype.Names)})");
        }

        if (!entry.TryGetProperty("shape", out var shapeElement) || shapeElement.ValueKind != JsonValueKind.Array)
        {
            throw new InvalidDataException($"{Where()}: header entry has no shape");
        }
        var shape = new List<long>();
        foreach (var d in shapeElement.EnumerateArray())
        {
            if (d.ValueKind != JsonValueKind.Number || !d.TryGetInt64(out long size) || size < 0)
            {
                throw new InvalidDataException($"{Where()}: shape {shapeElement.GetRawText()} is not a list of sizes");
            }
            shape.Add(size);
        }

        if (!entry.TryGetProperty("data_offsets", out var offsets) || offsets.ValueKind != JsonValueKind.Array
            || offsets.GetArrayLength() != 2
            || !offsets[0].TryGetInt64(out long begin) || !offsets[1].TryGetInt64(out long end)
            || begin < 0 || end < begin)
        {
            throw new InvalidDataException($"{Where()}: data_offsets must be [begin, end] with 0 <= begin <= end");
        }

        var info = new SafetensorsTensorInfo(name, dtype, scalarType, shape, begin, end);
        long expected;
        try
        {
            expected = checked(info.ElementCount * elementSize);
        }
        catch (OverflowException)
        {
            throw new InvalidDataException($"{Where()}: shape {shapeElement.GetRawText()} overflows");
        }
        if (expected != info.ByteLength)
        {
            throw new InvalidDataException(
                $"{Where()}: shape {shapeElement.GetRawText()} of {dtype} needs {expected} bytes but data_offsets span {info.ByteLength}");
        }
        return info;
    }

    public static byte[] Encode(IEnumerable<SafetensorsTensorInfo> tensors, IReadOnlyDictionary<string, string>? metadata)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            writer.WriteStartObject();
            if (metadata is { Count: > 0 })
            {
                writer.WriteStartObject("__metadata__");
                foreach (var (key, value) in metadata.OrderBy(kv => kv.Key, StringComparer.Ordinal))
                {
                    writer.WriteString(key, value);
                }
                writer.WriteEndObject();
            }
            foreach (var info in tensors)
            {
                writer.WriteStartObject(info.Name);
                writer.WriteString("dtype", info.Dtype);
                writer.WriteStartArray("shape");
                foreach (long d in info.Shape) writer.WriteNumberValue(d);
                writer.WriteEndArray();
                writer.WriteStartArray("data_offsets");
                writer.WriteNumberValue(info.Begin);
                writer.WriteNumberValue(info.End);
                writer.WriteEndArray();
                writer.WriteEndObject();
            }
            writer.WriteEndObject();
        }
        // Pad with spaces so the data starts 8-byte aligned, as the reference writer does.
        var bytes = stream.ToArray().ToList();
        while ((bytes.Count % 8) != 0) bytes.Add((byte)' ');
        return bytes.ToArray();
    }
}
