using Lineage.Api.Stages.Clustering;
using Lineage.Api.Stages.Filtering;
using Lineage.Api.Versions;
using Lineage.Domain.Examples;
using Lineage.Domain.Forks;
using Lineage.Domain.Pipelines;
using static TorchSharp.torch;

namespace Lineage.Api.Forks;

/// <summary>What one forked round decided: its own clustering (when it needed one), its decisions and its summary.</summary>
public sealed record ForkRoundOutcome(
    IReadOnlyList<ExampleAssignedToCluster> Assignments, IReadOnlyList<IExampleEvent> Decisions, ForkRoundFiltered Summary);

/// <summary>
/// One round of a fork, re-decided from recorded inputs: the same rules (<see cref="RuleFactory"/>) and filter round
/// (<see cref="FilterRound"/>) the filter stage runs, with the fork's settings, over the fork's own pool. The
/// sparse-cluster rule judges against the parent's clustering unless a clustering setting changed or the fork's pool
/// is no longer the pool the parent clustered (an earlier round kept other examples): then the round is re-clustered
/// from the recorded vectors with the parent's k-means seed (<see cref="PoolClustering"/>). The fork and the audit of a
/// fork both call <see cref="Decide"/>.
/// </summary>
public static class ForkRound
{
    /// <summary>Why the round needs its own clustering, or null when the parent's still describes its pool.</summary>
    public static string? ReclusterReason(bool clusteringChanged, IReadOnlyList<ExampleLineage> pool, IReadOnlyList<ExampleLineage> parentPool)
    {
        if (clusteringChanged) return "a clustering setting (diversity.kRatio or diversity.iterations) changed";
        var own = pool.Select(x => x.OriginId).ToHashSet(StringComparer.Ordinal);
        var parents = parentPool.Select(x => x.OriginId).ToHashSet(StringComparer.Ordinal);
        if (own.SetEquals(parents)) return null;
        var differ = own.Count(id => !parents.Contains(id)) + parents.Count(id => !own.Contains(id));
        return $"the pool is not the one the parent clustered ({differ} members differ)";
    }

    /// <param name="load">The examples' vectors, [n, d] float32, rows in the order given.</param>
    /// <param name="saveCentroids">Stores (a fork) or only addresses (an audit) a re-clustering's centroids.</param>
    public static ForkRoundOutcome Decide(
        string forkRunId, int round, PipelineConfig config, bool clusteringChanged,
        IReadOnlyList<ExampleLineage> pool, IReadOnlyList<ExampleLineage> candidates, IReadOnlyList<ExampleLineage> parentPool,
        RecordedClustering? parentClustering, RuleFactory rules, Func<IReadOnlyList<IPoolExample>, Tensor> load,
        Func<Tensor, string> saveCentroids, Device device)
    {
        RecordedClustering? clustering = null;
        string? reason = null;
        ClusteringCompleted? own = null;
        IReadOnlyList<ExampleAssignedToCluster> assignments = [];
        if (config.Diversity is { } diversity)
        {
            var parent = parentClustering ?? throw new InvalidOperationException($"round {round} of the parent has no clustering to start from");
            reason = ReclusterReason(clusteringChanged, pool, parentPool);
            if (reason is null) clustering = VersionLog.Carried(parent.Completed, candidates);
            else
            {
                using var scope = NewDisposeScope();
                var events = PoolClustering.Run(forkRunId, round, parent.Completed.Seed, diversity,
                    pool.Select(x => x.Id).ToList(), load(pool), candidates.Select(x => x.Id).ToList(), load(candidates), saveCentroids, device);
                own = events.OfType<ClusteringCompleted>().Single();
                assignments = events.OfType<ExampleAssignedToCluster>().ToList();
                clustering = new RecordedClustering(own, assignments);
            }
        }
        var filtered = FilterRound.Decide(forkRunId, round, pool, candidates, rules.For(config, pool, clustering),
            kept => config.Diversity is null ? null : RoundGVendi.After(pool, kept, load, device));
        var summary = filtered.OfType<RoundFiltered>().Single();
        return new ForkRoundOutcome(assignments, filtered.OfType<IExampleEvent>().ToList(), new ForkRoundFiltered(
            forkRunId, round, summary.Kept, summary.Dropped, summary.DroppedByRule, summary.GVendi, summary.TotalKept ?? 0,
            clustering?.Completed.ClusteringId, reason, own));
    }

}
