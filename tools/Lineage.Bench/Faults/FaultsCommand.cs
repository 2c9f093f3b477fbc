using System.CommandLine;
using Lineage.Api.Cli;
using Lineage.Faults.Campaign;
using Microsoft.Extensions.Logging;

namespace Lineage.Bench.Faults;

/// <summary>The <c>faults</c> benchmark's options: the demo pipeline by default, 20 kills, one restart of each service.</summary>
public static class FaultsCommand
{
    public static Command Create()
    {
        var demo = DemoCommand.DefaultConfig();
        var seed = CliOptions.Seed(42);
        var kills = Counting("--kills", 20, "worker processes SIGKILLed (and restarted) at random moments of the run");
        var brokerRestarts = Counting("--broker-restarts", 1, "restarts of the private RabbitMQ node in the middle of the run");
        var postgresRestarts = Counting("--postgres-restarts", 1, "restarts (immediate stop) of the private PostgreSQL in the middle of the run");
        var workers = CliOptions.Positive("--workers", 3, "worker processes competing on every stage");
        var outage = CliOptions.Positive("--outage-seconds", 3, "how long a restarted service stays down");
        var rounds = CliOptions.Positive("--rounds", demo.Rounds, "rounds of the pipeline");
        var batches = CliOptions.Positive("--batches", demo.BatchesPerRound, "batches per round");
        var batchSize = CliOptions.Positive("--batch-size", demo.BatchSize, "candidates per batch");
        var torchThreads = CliOptions.Positive("--torch-threads", 1, "libtorch threads per worker");
        var timeout = CliOptions.Positive("--timeout-minutes", 60, "the longest either run may take");
        var verbose = new Option<bool>("--host-log") { Description = "print the relay host's warnings (reconnects, retries)" };
        var command = new Command("faults",
            "the fault campaign (docs/reliability.md): an undisturbed run, then the same seed while workers are killed and a private RabbitMQ and PostgreSQL restart; compares the event logs")
        {
            seed, kills, brokerRestarts, postgresRestarts, workers, outage, rounds, batches, batchSize, torchThreads, timeout, verbose,
        };
        command.SetAction((r, ct) => FaultsBenchmark.RunAsync(new CampaignSettings
        {
            Config = demo with { Rounds = r.GetValue(rounds), BatchesPerRound = r.GetValue(batches), BatchSize = r.GetValue(batchSize) },
            Seed = r.GetValue(seed),
            Kills = r.GetValue(kills),
            BrokerRestarts = r.GetValue(brokerRestarts),
            PostgresRestarts = r.GetValue(postgresRestarts),
            Workers = r.GetValue(workers),
            Outage = TimeSpan.FromSeconds(r.GetValue(outage)),
            TorchThreads = r.GetValue(torchThreads),
            Timeout = TimeSpan.FromMinutes(r.GetValue(timeout)),
            HostLogLevel = r.GetValue(verbose) ? LogLevel.Warning : LogLevel.None,
        }, Console.Out, ct));
        return command;
    }

    private static Option<int> Counting(string name, int fallback, string description)
    {
        var option = new Option<int>(name) { Description = description, DefaultValueFactory = _ => fallback };
        option.Validators.Add(r => { if (r.GetValueOrDefault<int>() < 0) r.AddError($"{name} must not be negative"); });
        return option;
    }
}
