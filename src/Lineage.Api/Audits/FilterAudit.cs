using System.Diagnostics;
using Lineage.Api.Stages;
using Lineage.Api.Stages.Filtering;
using Lineage.Api.Versions;
using Lineage.Domain.Runs;
using static TorchSharp.torch;

namespace Lineage.Api.Audits;

/// <summary>
/// Re-decides every round of a run with the filter stage's own rules (<see cref="RuleFactory"/>) and round
/// (<see cref="FilterRound"/>): the pool the round found, its candidates, the recorded clustering, the run's config.
/// Decisions, rules, reasons and evidence compare exactly; cosines and G-Vendi within <see cref="StageDiffer.FloatTolerance"/>.
/// </summary>
public static class FilterAudit
{
    public const string Stage = "filter";

    public static readonly string[] FloatFields = ["evidence.cosine", "gVendi"];

    public static StageAudit Run(VersionLog log, RuleFactory rules, CheckedVectors vectors, Device device)
    {
        var clock = Stopwatch.StartNew();
        var differ = new StageDiffer(Stage, FloatFields);
        var config = log.Config;
        foreach (var round in log.Rounds)
        {
            var pool = RoundExamples.PoolAt(log.PoolUniverse, round);
            var candidates = RoundExamples.CandidatesOf(log.Lineages.Values, round);
            var rederived = FilterRound.Decide(log.RunId, round, pool, candidates, rules.For(config, pool, log.ClusteringOf(round)),
                kept => config.Diversity is { } d ? RoundGVendi.After(pool, kept, l => vectors.Load(l, d.Dimension), device) : null);
            differ.CompareStreams($"round {round}", log.Stream(RunIds.Streams.Filter(log.RunId, round)), rederived);
        }
        return differ.Result(clock.Elapsed.TotalSeconds, $"re-decided with the filter stage's rules ({rules.GetType().Name}) and the recorded clusterings");
    }
}
