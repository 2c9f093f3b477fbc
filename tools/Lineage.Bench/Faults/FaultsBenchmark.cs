using System.Diagnostics;
using System.Runtime.InteropServices;
using Lineage.Api.Cli;
using Lineage.Faults.Campaign;
using Lineage.Faults.Services;

namespace Lineage.Bench.Faults;

/// <summary>
/// <c>bench faults</c>: the fault campaign of docs/reliability.md on a private PostgreSQL and RabbitMQ (never the
/// machine's shared ones), its figures printed as markdown. Exit code 0 when the goal is met.
/// </summary>
public static class FaultsBenchmark
{
    public static async Task<int> RunAsync(CampaignSettings settings, TextWriter output, CancellationToken ct)
    {
        var binaries = ServiceBinaries.Find(out var missing);
        if (binaries is null)
        {
            await output.WriteLineAsync(missing);
            return 2;
        }
        output.WriteLine($"# bench faults, {DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm} UTC");
        output.WriteLine();
        output.WriteLine($"machine: {Environment.ProcessorCount} cores ({Cpu()}), {RuntimeInformation.OSDescription}, {RuntimeInformation.FrameworkDescription}, " +
                         $"load average {BenchMachine.LoadAverage()}");
        var clock = Stopwatch.StartNew();
        var work = Directory.CreateTempSubdirectory("lineage-faults-").FullName;
        try
        {
            await using var services = await PrivateServices.StartAsync(binaries);
            output.WriteLine($"private PostgreSQL on port {services.Postgres.Port}, private RabbitMQ node {services.RabbitMq.Node} on port {services.RabbitMq.Port}");
            output.WriteLine();
            // Ctrl-C or SIGTERM cancels: the workers, the host and both services are still stopped and removed on the way out.
            var result = await FaultCampaign.RunAsync(services, settings, work, output, ct);
            output.WriteLine();
            CampaignReport.Write(result, output);
            output.WriteLine($"\ncampaign took {clock.Elapsed.TotalMinutes:0.0} min; load average at the end {BenchMachine.LoadAverage()}");
            return result.Met ? 0 : 1;
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    private static string Cpu() =>
        File.Exists("/proc/cpuinfo")
            ? File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? "?"
            : RuntimeInformation.ProcessArchitecture.ToString();
}
