namespace Lineage.Faults.Campaign;

/// <summary>A campaign's figures as markdown for docs/reliability.md.</summary>
public static class CampaignReport
{
    public static void Write(CampaignResult r, TextWriter o)
    {
        var (s, calm, storm, c) = (r.Settings, r.Undisturbed, r.Faulted, r.Comparison);
        o.WriteLine($"seed {s.Seed}, {s.Workers} workers on every stage, {s.Kills} kills, {s.BrokerRestarts} RabbitMQ restart(s), " +
                    $"{s.PostgresRestarts} PostgreSQL restart(s), each service down {s.Outage.TotalSeconds:0} s; " +
                    $"{s.Config.Rounds} rounds × {s.Config.BatchesPerRound} batches × {s.Config.BatchSize}");
        o.WriteLine();
        o.WriteLine("| run | time to seal | wall | events | duplicate keys | manifest hash | rebuild | set-aside messages | StageFailed |");
        o.WriteLine("|---|---:|---:|---:|---:|---|---|---:|---:|");
        Row("undisturbed", calm, r.UndisturbedCensus);
        Row("faulted", storm, r.FaultedCensus);
        o.WriteLine();

        o.WriteLine($"A fault planned at p lands where the undisturbed run was at p × {r.Timeline.TimeToSeal.TotalSeconds:0} s: after the same " +
                    "commits, and as many seconds into the work that followed them (or at the next commit, if that comes first).");
        o.WriteLine();
        o.WriteLine("| # | planned at (undisturbed s) | done at s | fault | took s | events committed then | detail |");
        o.WriteLine("|---:|---:|---:|---|---:|---:|---|");
        var total = Math.Max(1, r.Timeline.Commits.LastOrDefault()?.Events ?? 0);
        for (var i = 0; i < storm.Faults.Count; i++)
        {
            var f = storm.Faults[i];
            o.WriteLine($"| {i + 1} | {f.Planned.At:P0} ({(r.Timeline.TimeToSeal * f.Planned.At).TotalSeconds:0}) | {f.DoneAt.TotalSeconds:0.0} | {f.Planned.Kind} | {f.Took.TotalSeconds:0.0} | " +
                        $"{f.EventsBefore:N0} ({(double)f.EventsBefore / total:P0}) | {f.Detail} |");
        }
        foreach (var f in storm.NotReached) o.WriteLine($"| – | {f.At:P0} | not reached | {f.Kind} | | | the run ended first |");
        o.WriteLine();

        o.WriteLine("| event type | undisturbed | faulted | same payloads |");
        o.WriteLine("|---|---:|---:|---|");
        foreach (var row in c.Rows) o.WriteLine($"| {row.Type} | {row.Undisturbed:N0} | {row.Faulted:N0} | {(row.SamePayloads ? "yes" : "**no**")} |");
        o.WriteLine();

        o.WriteLine($"- lost events: {c.Lost}; extra events: {c.Extra}; types with the same count but other payloads: {c.Mismatches}");
        o.WriteLine($"- duplicates by key over the faulted run's log: {r.FaultedCensus.DuplicateCopies} extra copies" +
                    (r.FaultedCensus.Duplicates.Count == 0 ? "" : $" ({string.Join(", ", r.FaultedCensus.Duplicates.Take(5).Select(d => $"{d.Type} {d.Key} ×{d.Copies}"))})"));
        o.WriteLine($"- stages whose completion events differ from the undisturbed run: {(c.IncompleteStages.Count == 0 ? "none" : string.Join(", ", c.IncompleteStages))}");
        o.WriteLine($"- manifest hashes match: {(c.ManifestsMatch ? "yes" : "**no**")}");
        foreach (var failure in storm.Failures) o.WriteLine($"- StageFailed: {failure}");
        foreach (var (queue, count) in storm.DeadLetters) o.WriteLine($"- {count} message(s) set aside in {queue}");
        foreach (var crash in storm.CrashedWorkers) o.WriteLine($"- a worker exited by itself:\n```\n{crash}\n```");
        o.WriteLine($"- goal met: {(r.Met ? "**yes**" : "**no**")}");

        void Row(string name, RunOutcome run, Census census) =>
            o.WriteLine($"| {name} | {Seconds(census.TimeToSeal)} | {run.Wall.TotalSeconds:0.0} s | {census.Events:N0} | {census.DuplicateCopies} | " +
                        $"`{census.ManifestHash?[..16] ?? "none"}…` | {(run.RebuildMatches switch { true => "matches", false => "**differs**", null => "–" })} | " +
                        $"{run.DeadLetters.Values.Sum(v => (long)v)} | {run.Failures.Count} |");
    }

    private static string Seconds(TimeSpan? t) => t is { } v ? $"{v.TotalSeconds:0.0} s" : "not sealed";
}
