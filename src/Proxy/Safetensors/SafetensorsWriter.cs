using static TorchSharp.torch;

namespace Lineage.Proxy.Safetensors;

/// <summary>
/// Writes tensors in the safetensors format. Output is deterministic: tensors are laid
/// out in ordinal name order and metadata keys are sorted, so the same tensors give
/// the same bytes (and the same hash).
/// </summary>
public static class SafetensorsWriter
{
    public static void Write(string path, IReadOnlyDictionary<string, Tensor> tensors,
        IReadOnlyDictionary<string, string>? metadata = null)
    {
        if (!BitConverter.IsLittleEndian)
        {
            throw new PlatformNotSupportedException("safetensors data is little-endian; this writer needs a little-endian host");
        }
        var names = tensors.Keys.OrderBy(n => n, StringComparer.Ordinal).ToArray();
        var infos = new List<SafetensorsTensorInfo>(names.Length);
        long offset = 0;
        foreach (var name in names)
        {
            if (name == "__metadata__") throw new ArgumentException("'__metadata__' is reserved and cannot name a tensor");
            var t = tensors[name];
            long bytes = t.numel() * SafetensorsDtype.SizeOf(t.dtype);
            infos.Add(new SafetensorsTensorInfo(name, SafetensorsDtype.NameOf(t.dtype), t.dtype, t.shape, offset, offset + bytes));
            offset += bytes;
        }
        var header = SafetensorsHeader.Encode(infos, metadata);

        // Write beside the target and rename, so a reader never sees a half-written file.
        string full = System.IO.Path.GetFullPath(path);
        string temp = full + ".tmp-" + Environment.ProcessId + "-" + Guid.NewGuid().ToString("N");
        try
        {
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 20))
            {
                Span<byte> length = stackalloc byte[8];
                System.Buffers.Binary.BinaryPrimitives.WriteUInt64LittleEndian(length, (ulong)header.Length);
                stream.Write(length);
                stream.Write(header);
                foreach (var name in names)
                {
                    WriteData(stream, tensors[name]);
                }
            }
            File.Move(temp, full, overwrite: true);
        }
        finally
        {
            if (File.Exists(temp)) File.Delete(temp);
        }
    }

    private static void WriteData(Stream stream, Tensor tensor)
    {
        if (tensor.numel() == 0) return;
        using var scope = NewDisposeScope();
        var cpu = tensor.detach().cpu().contiguous().view(-1);
        long perChunk = (1L << 30) / SafetensorsDtype.SizeOf(tensor.dtype);
        for (long first = 0; first < cpu.numel(); first += perChunk)
        {
            using var slice = cpu.narrow(0, first, Math.Min(perChunk, cpu.numel() - first));
            stream.Write(slice.bytes);
        }
    }
}
