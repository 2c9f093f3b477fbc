using Lineage.Api.EventStore;
using Lineage.Api.Stages.Generation;
using Lineage.Domain.Messages;
using Lineage.Domain.Runs;
using Lineage.Filters.Clustering.Storage;
using Marten;
using static TorchSharp.torch;

namespace Lineage.Api.Stages.Clustering;

/// <summary>
/// Clusters the pool a round's candidates are judged against (seeds and earlier rounds' kept examples) and
/// records where each candidate lands. Runs once all of the round's embed batches are done.
/// </summary>
public sealed class ClusterPoolConsumer(StageWriter writer, PoolVectors poolVectors, CentroidStore centroids, ComputeDevice compute)
    : StageConsumer<ClusterPool>(writer)
{
    protected override string StreamOf(ClusterPool m) => RunIds.Streams.Cluster(m.RunId, m.Round);

    protected override async Task<IReadOnlyList<object>> ProduceAsync(IDocumentSession session, ClusterPool m, RunStarted run, CancellationToken ct)
    {
        var diversity = run.Config.Diversity ?? throw new InvalidOperationException($"run {m.RunId} has no diversity settings: nothing to cluster");
        if (m.Round < 1) throw new ArgumentOutOfRangeException(nameof(m.Round), m.Round, "rounds that cluster start at 1");

        var (pool, candidates) = await RoundExamples.LoadAsync(session, m.RunId, m.Round, ct);
        using var scope = NewDisposeScope();
        // A pool past Lineage:Clustering:ResidentRows is clustered from a scratch file, a block at a time (same events).
        using var poolRows = poolVectors.Rows(pool, null, diversity.Dimension);
        using var candidateRows = poolVectors.Rows(candidates, poolRows.Space, diversity.Dimension);
        return PoolClustering.Run(m.RunId, m.Round, SeedDerivation.ForStage(run.Seed, "cluster", m.Round), diversity,
            pool.Select(p => p.Id).ToList(), poolRows.Source, candidates.Select(c => c.Id).ToList(), candidateRows.Source,
            centroids.Save, compute.Device);
    }
}
