using System.Runtime.InteropServices;

namespace Lineage.Bench.GpuCheck;

/// <summary>
/// On a GPU machine with PyTorch but no .NET, a self-contained publish built with <c>-p:LineageTorch=cuda</c> carries
/// TorchSharp's bindings only; the CUDA libtorch is PyTorch's own (docs/torchsharp-native.md). Loading
/// <c>libtorch_cuda.so</c> by path before the first TorchSharp call makes its CUDA backend register, so
/// <c>cuda.is_available()</c> is true. <c>LINEAGE_LIBTORCH_CUDA</c> names the file; unset, nothing is loaded.
/// </summary>
public static class CudaNatives
{
    public const string Variable = "LINEAGE_LIBTORCH_CUDA";

    /// <summary>The file loaded, or null when none was asked for.</summary>
    public static string? Preload()
    {
        if (Environment.GetEnvironmentVariable(Variable) is not { Length: > 0 } path) return null;
        if (!File.Exists(path)) throw new FileNotFoundException($"{Variable} names {path}, which does not exist", path);
        NativeLibrary.Load(path);
        return path;
    }
}
