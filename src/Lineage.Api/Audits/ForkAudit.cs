using System.Diagnostics;
using Lineage.Api.Forks;
using Lineage.Api.Stages;
using Lineage.Api.Stages.Filtering;
using Lineage.Api.Versions;
using Lineage.Domain.Examples;
using Lineage.Domain.Forks;
using Lineage.Filters.Clustering.Storage;
using static TorchSharp.torch;

namespace Lineage.Api.Audits;

/// <summary>
/// The stages a fork ran itself, re-derived with the same code it ran (<see cref="VersionForker.Carry"/>,
/// <see cref="ForkRound.Decide"/>): what it carried from its parent (<c>inherit</c>), its re-clusterings and the choice to
/// re-cluster (<c>cluster</c>), its decisions and round summaries (<c>filter</c>). Its parent's generation, verification
/// and embeddings are audited on the run they come from.
/// </summary>
public static class ForkAudit
{
    public const string Inherit = "inherit";

    public static StageAudit Inherited(VersionLog fork)
    {
        var clock = Stopwatch.StartNew();
        var differ = new StageDiffer(Inherit);
        var parent = fork.Parent!;
        foreach (var round in fork.Rounds)
        {
            var recorded = fork.Stream(ForkIds.RoundStream(fork.RunId, round)).OfType<ExampleForked>().ToList();
            var expected = RoundExamples.OrderCandidates(parent.Generated.Where(g => g.Round == round))
                .Select(x => VersionForker.Carry(fork.RunId, parent, x)).ToList();
            differ.CompareStreams($"round {round}", recorded, expected);
        }
        return differ.Result(clock.Elapsed.TotalSeconds, $"each carried example compared with what parent {parent.VersionId} recorded about it");
    }

    public static (StageAudit Cluster, StageAudit Filter) Rounds(VersionLog fork, RuleFactory rules, CheckedVectors vectors, Device device)
    {
        var clock = Stopwatch.StartNew();
        var cluster = new StageDiffer(ClusteringAudit.Stage, ClusteringAudit.FloatFields);
        var filter = new StageDiffer(FilterAudit.Stage, FilterAudit.FloatFields);
        var parent = fork.Parent!;
        var settings = ForkOverrides.Apply(parent.Config, fork.Fork!.Overrides).Result
            ?? throw new InvalidDataException($"fork {fork.VersionId} records overrides its parent's config refuses");
        var dimension = fork.Config.Diversity?.Dimension ?? 0;
        foreach (var round in fork.Rounds)
        {
            var subject = $"round {round}";
            var stream = fork.Stream(ForkIds.RoundStream(fork.RunId, round));
            var summary = stream.OfType<ForkRoundFiltered>().Single();
            var outcome = ForkRound.Decide(fork.RunId, round, fork.Config, settings.ClusteringChanged,
                RoundExamples.PoolAt(fork.PoolUniverse, round), RoundExamples.CandidatesOf(fork.Lineages.Values, round),
                RoundExamples.PoolAt(parent.PoolUniverse, round), parent.ClusteringOf(round), rules,
                l => vectors.Load(l, dimension), FloatMatrixBlob.AddressOf, device);

            cluster.CompareStreams(subject, stream.OfType<ExampleAssignedToCluster>(), outcome.Assignments);
            cluster.Compare($"{subject} clustering", new { summary.ClusteringId, summary.ReclusteredBecause },
                new { outcome.Summary.ClusteringId, outcome.Summary.ReclusteredBecause });
            if (summary.Reclustered is not null || outcome.Summary.Reclustered is not null)
                cluster.Compare($"{subject} ClusteringCompleted", summary.Reclustered, outcome.Summary.Reclustered);
            filter.CompareStreams(subject, stream.Where(e => e is ExampleKept or ExampleDropped), outcome.Decisions);
            filter.Compare($"{subject} ForkRoundFiltered", summary, outcome.Summary, "reclustered", "clusteringId", "reclusteredBecause");
        }
        // Both stages run in one pass over the rounds; their time is shared out evenly.
        var seconds = clock.Elapsed.TotalSeconds / 2;
        return (cluster.Result(seconds, "the fork's choice to re-cluster, and each re-clustering, re-derived from the checked vectors"),
            filter.Result(seconds, $"re-decided with the fork's settings ({string.Join(", ", fork.Fork.Overrides.Select(o => $"{o.Key}={o.Value}"))})"));
    }
}
