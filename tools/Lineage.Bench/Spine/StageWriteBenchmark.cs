using System.Diagnostics;
using System.Globalization;
using Lineage.Api.EventStore;
using Lineage.Api.Options;
using Lineage.Domain.Examples;
using Marten;
using Microsoft.Extensions.DependencyInjection;

namespace Lineage.Bench.Spine;

/// <summary>
/// A round-sized stage output (one <see cref="ExampleAssignedToCluster"/> per candidate, as the cluster stage writes,
/// with the inline lineage projection) written by <see cref="StageWriter"/> in one transaction and in bounded ones,
/// side by side in one run on the host's own store; repeats alternate which goes first. Prints total time, events/s,
/// transactions and the longest transaction of each.
/// </summary>
public static class StageWriteBenchmark
{
    public sealed record Settings(int Events, int PerTransaction, int Repeats, string Schema);

    public static async Task<int> RunAsync(Settings s, string[] args, TextWriter output)
    {
        var inv = CultureInfo.InvariantCulture;
        await using var host = SpineBenchmark.Host([.. args, $"--Lineage:Schema={s.Schema}"], s.Schema, s.Schema.Replace('_', '-'), relay: false, stages: "none");
        var store = host.Services.GetRequiredService<IDocumentStore>();
        await store.Advanced.Clean.CompletelyRemoveAllAsync();
        await store.Storage.ApplyAllConfiguredChangesToDatabaseAsync();
        output.WriteLine(string.Format(inv, "machine: {0} logical CPUs; load average {1}; {2:N0} events per write, {3} repeats",
            Environment.ProcessorCount, BenchMachine.LoadAverage(), s.Events, s.Repeats));

        var results = new Dictionary<int, List<(double Seconds, int Transactions, double Longest)>>();
        for (var r = 0; r < s.Repeats; r++)
        {
            foreach (var size in r % 2 == 0 ? new[] { s.Events, s.PerTransaction } : [s.PerTransaction, s.Events])
            {
                var run = $"bench-{r}-{size}";
                var events = Enumerable.Range(0, s.Events)
                    .Select(i => (object)new ExampleAssignedToCluster(run, $"{run}-1-0-{i}", $"{run}-c1", i % 97, 0.5, 10)).ToList();
                var writer = new StageWriter(store, new LineageOptions { EventsPerTransaction = size });
                var transactions = new List<double>();
                var clock = Stopwatch.StartNew();
                await using (var session = store.LightweightSession())
                    await writer.WriteAsync(session, $"run:{run}:r1:cluster", events, CancellationToken.None,
                        new SynchronousProgress(p => transactions.Add(p.Transaction.TotalSeconds)));
                (results.TryGetValue(size, out var list) ? list : results[size] = []).Add((clock.Elapsed.TotalSeconds, transactions.Count, transactions.Max()));
            }
        }

        output.WriteLine("\n| events per transaction | transactions | seconds (median) | events/s | longest transaction, s |");
        output.WriteLine("|---:|---:|---:|---:|---:|");
        foreach (var (size, runs) in results.OrderByDescending(p => p.Key))
        {
            var median = runs.OrderBy(x => x.Seconds).ElementAt(runs.Count / 2);
            output.WriteLine(string.Format(inv, "| {0:N0} | {1:N0} | {2:F2} | {3:N0} | {4:F2} |",
                size, median.Transactions, median.Seconds, s.Events / median.Seconds, runs.Max(x => x.Longest)));
        }
        await store.Advanced.Clean.CompletelyRemoveAllAsync();
        return 0;
    }

    // Progress<T> posts to the thread pool; the figures must be in before the table is printed.
    private sealed class SynchronousProgress(Action<StageWriteProgress> report) : IProgress<StageWriteProgress>
    {
        public void Report(StageWriteProgress value) => report(value);
    }
}
