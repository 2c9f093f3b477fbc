using Lineage.Api.Options;
using Lineage.Api.Hosting;
using Lineage.Proxy.Models;
using static TorchSharp.torch;

namespace Lineage.Api.Stages;

/// <summary>
/// The torch device of this process's tensor stages (embed, cluster, the filter's G-Vendi) and its thread
/// setting, from <see cref="LineageOptions.Device"/> and <see cref="LineageOptions.TorchThreads"/>. Resolved
/// on first use, so a process whose stages never touch a tensor never loads libtorch or probes for CUDA.
/// </summary>
public sealed class ComputeDevice(LineageOptions options)
{
    private readonly Lazy<Device> _device = new(() =>
    {
        // Process-wide: libtorch has one intra-op pool.
        set_num_threads(ThreadsFor(options));
        return ProxyDevice.Resolve(options.Device);
    });

    public Device Device => _device.Value;

    public int Threads => ThreadsFor(options);

    /// <summary>
    /// Runs <paramref name="work"/> on one torch thread, then restores the setting. For results that must not
    /// depend on the core count of whichever worker computes them (the default proxy's weights: another
    /// thread count sums in another order and gives other bits).
    /// </summary>
    public T SingleThreaded<T>(Func<T> work)
    {
        _ = Device;
        set_num_threads(1);
        try
        {
            return work();
        }
        finally
        {
            set_num_threads(Threads);
        }
    }

    private static int ThreadsFor(LineageOptions options) =>
        options.TorchThreads > 0 ? options.TorchThreads : Math.Max(1, Environment.ProcessorCount - 1);
}
