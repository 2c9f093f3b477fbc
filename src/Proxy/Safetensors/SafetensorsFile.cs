using Microsoft.Win32.SafeHandles;
using TorchSharp;
using static TorchSharp.torch;

namespace Lineage.Proxy.Safetensors;

/// <summary>
/// A safetensors file opened for reading. The header is parsed and validated on
/// <see cref="Open"/>; tensor bytes are read on demand straight into native tensor
/// memory, so opening a large checkpoint costs only its header. Reads are positional,
/// so one instance may serve several threads.
/// </summary>
public sealed class SafetensorsFile : IDisposable
{
    // Span lengths are ints; larger tensors are filled in slices of this many bytes.
    private const long ReadChunkBytes = 1L << 30;

    private readonly SafeFileHandle _handle;
    private readonly Dictionary<string, SafetensorsTensorInfo> _tensors;
    private readonly long _dataStart;

    private SafetensorsFile(string path, SafeFileHandle handle, Dictionary<string, SafetensorsTensorInfo> tensors,
        IReadOnlyDictionary<string, string> metadata, long dataStart)
    {
        Path = path;
        _handle = handle;
        _tensors = tensors;
        Metadata = metadata;
        _dataStart = dataStart;
        Names = tensors.Keys.OrderBy(n => n, StringComparer.Ordinal).ToArray();
    }

    public string Path { get; }

    /// <summary>Tensor names in ordinal order.</summary>
    public IReadOnlyList<string> Names { get; }

    /// <summary>The "__metadata__" map of the header (empty when absent).</summary>
    public IReadOnlyDictionary<string, string> Metadata { get; }

    public static SafetensorsFile Open(string path)
    {
        if (!BitConverter.IsLittleEndian)
        {
            throw new PlatformNotSupportedException("safetensors data is little-endian; this reader needs a little-endian host");
        }
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"{path}: safetensors file not found", path);
        }
        var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        bool opened = false;
        try
        {
            var (tensors, metadata, dataStart) = SafetensorsHeader.Read(handle, path);
            var file = new SafetensorsFile(path, handle, tensors, metadata, dataStart);
            opened = true;
            return file;
        }
        finally
        {
            if (!opened) handle.Dispose();
        }
    }

    public bool Contains(string name) => _tensors.ContainsKey(name);

    public SafetensorsTensorInfo Info(string name) =>
        _tensors.TryGetValue(name, out var info)
            ? info
            : throw new KeyNotFoundException($"{Path}: no tensor named '{name}'");

    /// <summary>
    /// Reads one tensor. It is created on the CPU in the stored dtype, then converted to
    /// <paramref name="dtype"/> and moved to <paramref name="device"/> when those are given.
    /// The caller owns the result (it joins the caller's current dispose scope).
    /// </summary>
    public Tensor ReadTensor(string name, Device? device = null, ScalarType? dtype = null)
    {
        var info = Info(name);
        var tensor = empty(info.Shape.ToArray(), info.ScalarType, CPU);
        bool filled = false;
        try
        {
            Fill(tensor, info);
            filled = true;
        }
        finally
        {
            if (!filled) tensor.Dispose();
        }
        if (dtype is { } t && t != tensor.dtype)
        {
            var converted = tensor.to_type(t);
            tensor.Dispose();
            tensor = converted;
        }
        if (device is not null && device.type != DeviceType.CPU)
        {
            var moved = tensor.to(device);
            tensor.Dispose();
            tensor = moved;
        }
        return tensor;
    }

    private void Fill(Tensor tensor, SafetensorsTensorInfo info)
    {
        if (info.ByteLength == 0) return;
        using var flat = tensor.view(-1);
        int elementSize = SafetensorsDtype.SizeOf(info.ScalarType);
        long elementsPerChunk = ReadChunkBytes / elementSize;
        for (long first = 0; first < info.ElementCount; first += elementsPerChunk)
        {
            long count = Math.Min(elementsPerChunk, info.ElementCount - first);
            using var slice = flat.narrow(0, first, count);
            long fileOffset = _dataStart + info.Begin + first * elementSize;
            var span = slice.bytes;
            int read = 0;
            while (read < span.Length)
            {
                int n = RandomAccess.Read(_handle, span[read..], fileOffset + read);
                if (n == 0)
                {
                    throw new InvalidDataException(
                        $"{Path}: tensor '{info.Name}' ends at byte {_dataStart + info.End} but the file ended at byte {fileOffset + read}");
                }
                read += n;
            }
        }
    }

    public void Dispose() => _handle.Dispose();
}
