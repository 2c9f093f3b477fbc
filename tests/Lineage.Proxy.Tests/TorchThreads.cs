using System.Runtime.CompilerServices;

namespace Lineage.Proxy.Tests;

internal static class TorchThreads
{
    // xunit runs test classes in parallel, and other builds share this machine's cores. libtorch's
    // OpenMP workers spin-wait at every barrier, so on an oversubscribed machine a 2-thread op
    // can stall for seconds (measured: 150 ms training steps became 1–5 s). One thread per
    // test process keeps the suite fast and its timings steady.
    [ModuleInitializer]
    internal static void UseOneThread() => TorchSharp.torch.set_num_threads(1);
}
