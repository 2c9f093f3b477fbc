using static TorchSharp.torch;

namespace Lineage.Proxy.Safetensors;

/// <summary>
/// The dtype strings of the safetensors format and their TorchSharp counterparts.
/// </summary>
public static class SafetensorsDtype
{
    private static readonly (string Name, ScalarType Type, int Size)[] Known =
    [
        ("F64", ScalarType.Float64, 8),
        ("F32", ScalarType.Float32, 4),
        ("BF16", ScalarType.BFloat16, 2),
        ("F16", ScalarType.Float16, 2),
        ("I64", ScalarType.Int64, 8),
        ("I32", ScalarType.Int32, 4),
        ("I16", ScalarType.Int16, 2),
        ("I8", ScalarType.Int8, 1),
        ("U8", ScalarType.Byte, 1),
        ("BOOL", ScalarType.Bool, 1),
    ];

    public static bool TryParse(string name, out ScalarType type, out int elementSize)
    {
        foreach (var k in Known)
        {
            if (k.Name == name)
            {
                type = k.Type;
                elementSize = k.Size;
                return true;
            }
        }
        type = default;
        elementSize = 0;
        return false;
    }

    public static string NameOf(ScalarType type)
    {
        foreach (var k in Known)
        {
            if (k.Type == type) return k.Name;
        }
        throw new NotSupportedException($"safetensors has no dtype for {type}");
    }

    public static int SizeOf(ScalarType type)
    {
        foreach (var k in Known)
        {
            if (k.Type == type) return k.Size;
        }
        throw new NotSupportedException($"safetensors has no dtype for {type}");
    }

    public static IReadOnlyList<string> Names => Known.Select(k => k.Name).ToArray();
}
