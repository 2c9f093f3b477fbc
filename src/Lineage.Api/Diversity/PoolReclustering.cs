using Lineage.Api.EventStore;
using Lineage.Api.Stages;
using Lineage.Api.Stages.Clustering;
using Lineage.Domain.Examples;
using Lineage.Domain.Hashing;
using Lineage.Domain.Pipelines;
using Lineage.Domain.Pools;
using Lineage.Domain.Runs;
using Lineage.Domain.Versions;
using Lineage.Filters.Clustering;
using Lineage.Filters.Clustering.Storage;
using Lineage.Filters.Diversity;
using Lineage.Filters.Rules;
using Marten;
using static TorchSharp.torch;

namespace Lineage.Api.Diversity;

/// <summary>What a reclustering did: the clustering it recorded, or why it recorded nothing.</summary>
public sealed record PoolReclusterOutcome(string Pipeline, bool Recorded, string? ClusteringId, int Members, string Detail);

/// <summary>
/// Clusters a pipeline's whole pool afresh, for a recurring job as the pool grows run after run. The pool is
/// every kept, embedded example of the pipeline's sealed versions, seeds included, one per distinct normalised
/// problem and solution (the same GSM8K seed imported by ten runs is one member), in the embedding space of the newest version
/// (members embedded by another proxy are counted and left out: cosines across spaces mean nothing).
/// <para>
/// The clustering id is a hash of the pipeline, the member set and the settings, and its events go to a new
/// stream <see cref="PoolStreams.Clustering"/>, written by <see cref="StageWriter"/>: a firing that finds the pool
/// unchanged, or a retried job, records nothing, and one that finds an interrupted write completes it. Every member gets a <see cref="PoolMemberAssigned"/>; <see cref="PoolReclustered"/>
/// closes the stream with the sizes, objective, centroids address and the pool's G-Vendi.
/// </para>
/// </summary>
public sealed class PoolReclustering(StageWriter writer, PoolVectors vectors, CentroidStore centroids, ComputeDevice compute)
{
    /// <param name="progress">Told after seeding and after every Lloyd iteration (a large pool takes minutes).</param>
    public async Task<PoolReclusterOutcome?> RunAsync(string pipeline, long seed, string trigger, CancellationToken ct,
        IProgress<KMeansProgress>? progress = null)
    {
        await using var session = writer.Store.LightweightSession();
        var definition = await session.LoadAsync<PipelineDefinition>(RunIds.Streams.Pipeline(pipeline), ct);
        if (definition is null) return null;
        var diversity = definition.Config.Diversity ?? new DiversityConfig();

        var versions = await VersionsOfAsync(session, pipeline, ct);
        if (versions.Count == 0) return new(pipeline, false, null, 0, "no sealed version yet");

        var runIds = versions.Select(v => v.Sealed.RunId).Distinct().ToArray();
        // A version's members are its manifest's (plus the seeds its run imported before round 1): examples its run
        // kept after the seal, however they got there, are no one's version.
        var manifests = await session.LoadManyAsync<DatasetManifest>(ct, versions.Select(v => v.Id).ToArray());
        var versionMembers = manifests.SelectMany(m => m.Entries).Select(e => e.ExampleId).ToHashSet(StringComparer.Ordinal);
        // The runs' narrow entries from the log (not their lineage documents, whose raw outputs are most of their bytes).
        var entries = new List<PoolEntry>();
        foreach (var runId in runIds) entries.AddRange(await PoolEntries.LoadAsync(session, runId, ct));
        var kept = entries
            .Where(x => x.Outcome == Decision.Kept && x.Embedding is not null && (x.Origin == "seed" || versionMembers.Contains(x.Id)))
            .OrderBy(x => x.Id, StringComparer.Ordinal)
            .ToList();
        if (kept.Count == 0) return new(pipeline, false, null, 0, "no kept example has an embedding (the pipeline has no diversity settings?)");

        var newestRun = versions[^1].Sealed.RunId;
        var space = EmbeddingSpace.Of((kept.FirstOrDefault(x => x.RunId == newestRun) ?? kept[^1]).Embedding!);
        var inSpace = kept.Where(x => EmbeddingSpace.Of(x.Embedding!) == space).ToList();
        var members = inSpace.DistinctBy(x => DuplicateRule.Fingerprint(x.Problem + "\n" + x.Solution)).ToList();
        var membership = Sha256Hex.Of(string.Join("\n", members.Select(m => m.Id)) + "\n" + space);
        var clusteringId = "pool-" + Sha256Hex.Of($"{pipeline}/{membership}/{diversity.KRatio:R}/{diversity.Iterations}/{seed}")[..16];
        var stream = PoolStreams.Clustering(pipeline, clusteringId);
        if (await StageWriter.IsCompleteAsync(session, stream, typeof(PoolReclustered), ct))
            return new(pipeline, false, clusteringId, members.Count, $"the pool is unchanged since clustering {clusteringId}");

        var events = new List<object>(members.Count + 1);
        var k = SparseClusterRule.ClusterCount(members.Count, diversity.KRatio);
        using (NewDisposeScope())
        {
            using var rows = vectors.Rows(members, space, space.Dimension);
            var x = rows.Source;
            using var result = CosineKMeans.Fit(x, new KMeansOptions { K = k, Seed = seed, MaxIterations = diversity.Iterations }, progress, compute.Device);
            var sizes = result.Sizes.Select(s => checked((int)s)).ToList();
            for (var i = 0; i < members.Count; i++)
            {
                var cluster = (int)result.Assignments[i];
                events.Add(new PoolMemberAssigned(pipeline, members[i].Id, clusteringId, cluster, result.Cosines[i], sizes[cluster]));
            }
            events.Add(new PoolReclustered(pipeline, clusteringId, membership, space.ToString(), versions.Select(v => v.Id).ToList(),
                members.Count, kept.Count - inSpace.Count, inSpace.Count - members.Count, k, result.Iterations, result.Converged,
                result.Objective, seed, centroids.Save(result.Centroids), sizes, GVendi.Score(x, device: compute.Device), trigger));
        }
        // A pool of a million members is a million events: written in bounded transactions, PoolReclustered last.
        var recorded = await writer.WriteAsync(session, stream, events, ct);
        return new(pipeline, recorded, clusteringId, members.Count,
            recorded ? $"clustered {members.Count} members into {k} clusters" : "another worker recorded it first");
    }

    /// <summary>The pipeline's sealed versions, oldest first (ties by id).</summary>
    public static async Task<IReadOnlyList<DatasetVersion>> VersionsOfAsync(IQuerySession session, string pipeline, CancellationToken ct) =>
        (await session.Query<DatasetVersion>().Where(v => v.Sealed.Pipeline == pipeline).ToListAsync(ct))
            .OrderBy(v => v.Sealed.SealedAt).ThenBy(v => v.Id, StringComparer.Ordinal).ToList();
}
