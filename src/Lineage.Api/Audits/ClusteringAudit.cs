using System.Diagnostics;
using Lineage.Api.Stages;
using Lineage.Api.Stages.Clustering;
using Lineage.Api.Stages.Generation;
using Lineage.Api.Versions;
using Lineage.Domain.Examples;
using Lineage.Domain.Runs;
using Lineage.Filters.Clustering.Storage;
using static TorchSharp.torch;

namespace Lineage.Api.Audits;

/// <summary>
/// Re-clusters every round of a run with the stage's own code (<see cref="PoolClustering"/>): the pool and candidates
/// the round found (<see cref="RoundExamples"/>), their checked vectors, the k-means seed derived again from the run
/// seed. Assignments, sizes, K, iterations and the sparsest members compare exactly, cosines, objective and G-Vendi
/// within <see cref="StageDiffer.FloatTolerance"/>, centroids by address or, failing that, element by element.
/// </summary>
public static class ClusteringAudit
{
    public const string Stage = "cluster";

    public static readonly string[] FloatFields = ["cosine", "objective", "poolGVendi"];

    public static StageAudit Run(VersionLog log, CheckedVectors vectors, CentroidStore centroids, Device device)
    {
        var clock = Stopwatch.StartNew();
        var differ = new StageDiffer(Stage, FloatFields);
        var run = log.Run!;
        if (run.Config.Diversity is not { } diversity) return differ.Result(0, "nothing to re-derive: the run had no diversity settings");
        foreach (var round in log.Rounds)
        {
            var recorded = log.Stream(RunIds.Streams.Cluster(run.RunId, round));
            var pool = RoundExamples.PoolAt(log.Lineages.Values, round);
            var candidates = RoundExamples.CandidatesOf(log.Lineages.Values, round);
            using var scope = NewDisposeScope();
            float[]? centroidValues = null;
            var rederived = PoolClustering.Run(run.RunId, round, SeedDerivation.ForStage(run.Seed, Stage, round), diversity,
                pool.Select(x => x.Id).ToList(), vectors.Load(pool, diversity.Dimension),
                candidates.Select(x => x.Id).ToList(), vectors.Load(candidates, diversity.Dimension),
                c =>
                {
                    using var cpu = c.to_type(ScalarType.Float32).cpu().contiguous();
                    centroidValues = cpu.numel() == 0 ? [] : cpu.data<float>().ToArray();
                    return FloatMatrixBlob.AddressOf(c);
                }, device);
            differ.CompareStreams($"round {round}", recorded, rederived, "centroidsAddress");
            CompareCentroids(differ, $"round {round} ClusteringCompleted", recorded.OfType<ClusteringCompleted>().SingleOrDefault(),
                rederived.OfType<ClusteringCompleted>().Single(), centroidValues ?? [], centroids);
        }
        return differ.Result(clock.Elapsed.TotalSeconds, "re-clustered from the checked vectors with the recorded seed");
    }

    /// <summary>Same address, or the stored centroids within <see cref="EmbeddingAudit.Tolerance"/> of the recomputed ones.</summary>
    public static void CompareCentroids(StageDiffer differ, string subject, ClusteringCompleted? recorded, ClusteringCompleted rederived,
        float[] recomputed, CentroidStore centroids)
    {
        if (recorded is null || recorded.CentroidsAddress == rederived.CentroidsAddress) return;
        float[] stored;
        try
        {
            using var t = centroids.Load(recorded.CentroidsAddress);
            stored = t.numel() == 0 ? [] : t.data<float>().ToArray();
        }
        catch (Exception e) when (e is InvalidDataException or FileNotFoundException)
        {
            differ.Add(subject, "centroids", recorded.CentroidsAddress, $"{rederived.CentroidsAddress}; the stored centroids cannot be read: {e.Message}");
            return;
        }
        var max = stored.Length != recomputed.Length ? double.PositiveInfinity
            : stored.Zip(recomputed).Select(p => Math.Abs((double)p.First - p.Second)).DefaultIfEmpty(0).Max();
        if (max > EmbeddingAudit.Tolerance)
            differ.Add(subject, "centroids", recorded.CentroidsAddress, $"{rederived.CentroidsAddress} (max |Δ| {max:0.###e0})");
    }
}
