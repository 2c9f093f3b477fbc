using TorchSharp;
using static TorchSharp.torch;

namespace Lineage.Proxy.Models;

/// <summary>Resolves the run-time device setting: "auto" (CUDA when present), "cpu", "cuda" or "cuda:N".</summary>
public static class ProxyDevice
{
    public static Device Resolve(string setting)
    {
        string s = setting.Trim().ToLowerInvariant();
        if (s == "auto") return cuda.is_available() ? CUDA : CPU;
        if (s == "cpu") return CPU;
        if (s == "cuda" || s.StartsWith("cuda:", StringComparison.Ordinal))
        {
            if (!cuda.is_available())
            {
                throw new NotSupportedException(
                    $"device '{setting}' requested but CUDA is not available (this build uses TorchSharp-cpu unless built with -p:LineageTorch=cuda)");
            }
            return new Device(s);
        }
        throw new ArgumentException($"device '{setting}' is not one of auto, cpu, cuda, cuda:N", nameof(setting));
    }

    /// <summary>Parses "float32" / "bfloat16" (also "fp32", "bf16").</summary>
    public static ScalarType ResolveDType(string setting) => setting.Trim().ToLowerInvariant() switch
    {
        "float32" or "fp32" or "f32" => ScalarType.Float32,
        "bfloat16" or "bf16" => ScalarType.BFloat16,
        _ => throw new ArgumentException($"dtype '{setting}' is not one of float32, bfloat16", nameof(setting)),
    };
}
