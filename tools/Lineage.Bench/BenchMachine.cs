namespace Lineage.Bench;

/// <summary>What every benchmark prints about the machine it ran on, so a figure carries the load it was taken under.</summary>
internal static class BenchMachine
{
    /// <summary>The 1, 5 and 15 minute load averages (Linux), or "?" where the system does not publish them.</summary>
    public static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "?";
}
