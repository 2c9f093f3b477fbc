namespace Lineage.Faults.Campaign;

public enum FaultKind
{
    /// <summary>SIGKILL one worker process, then start a new one in its place.</summary>
    KillWorker,

    /// <summary>Stop the RabbitMQ node, wait the outage, start it again.</summary>
    RestartBroker,

    /// <summary>Stop PostgreSQL as a crash would (immediate mode), wait the outage, start it again.</summary>
    RestartPostgres,
}

/// <summary>
/// One fault to do where the undisturbed run was at <see cref="At"/> of its time to seal (0–1, see <see cref="RunTimeline"/>);
/// <see cref="Worker"/> names the victim of a kill.
/// </summary>
public sealed record PlannedFault(double At, FaultKind Kind, int Worker);

/// <summary>
/// Where the faults land, drawn from a seed so a campaign can be repeated: kills at uniformly random points of the run,
/// each on a uniformly random worker; restarts of the broker and of the database in its middle, where every stage
/// has work in flight. The last stretch is left alone: its work (the last filter, the seal) is a few commits that a
/// fault planned there would often miss.
/// </summary>
public static class FaultPlan
{
    public const double KillsFrom = 0.02, KillsTo = 0.85, RestartsFrom = 0.15, RestartsTo = 0.65;

    public static IReadOnlyList<PlannedFault> Draw(long seed, int kills, int brokerRestarts, int postgresRestarts, int workers)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(kills);
        ArgumentOutOfRangeException.ThrowIfNegative(brokerRestarts);
        ArgumentOutOfRangeException.ThrowIfNegative(postgresRestarts);
        ArgumentOutOfRangeException.ThrowIfLessThan(workers, 1);

        // System.Random with a seed is a fixed algorithm: the same seed gives the same plan on every machine.
        var random = new Random(unchecked((int)(seed ^ (seed >> 32))));
        double Between(double from, double to) => from + (to - from) * random.NextDouble();

        var faults = new List<PlannedFault>();
        for (var i = 0; i < kills; i++) faults.Add(new PlannedFault(Between(KillsFrom, KillsTo), FaultKind.KillWorker, random.Next(workers)));
        for (var i = 0; i < brokerRestarts; i++) faults.Add(new PlannedFault(Between(RestartsFrom, RestartsTo), FaultKind.RestartBroker, -1));
        for (var i = 0; i < postgresRestarts; i++) faults.Add(new PlannedFault(Between(RestartsFrom, RestartsTo), FaultKind.RestartPostgres, -1));
        return [.. faults.OrderBy(f => f.At).ThenBy(f => f.Kind)];
    }
}
