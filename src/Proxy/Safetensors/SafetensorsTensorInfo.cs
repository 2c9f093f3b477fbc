using static TorchSharp.torch;

namespace Lineage.Proxy.Safetensors;

/// <summary>
/// One header entry: where a tensor's bytes lie, relative to the end of the header.
/// </summary>
public sealed record SafetensorsTensorInfo(
    string Name,
    string Dtype,
    ScalarType ScalarType,
    IReadOnlyList<long> Shape,
    long Begin,
    long End)
{
    public long ElementCount => Shape.Aggregate(1L, (a, b) => a * b);

    public long ByteLength => End - Begin;
}
