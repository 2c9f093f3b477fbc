using Lineage.Filters.Parents;
using Lineage.Domain.Examples;
using Lineage.Domain.Runs;
using Marten;

namespace Lineage.Api.Stages.Generation;

/// <summary>
/// An example a generator may build on: its id (recorded as a parent of what it inspires), its problem text,
/// the procedural family and difficulty when it has them, and, from round 2 on, the cluster that made it a
/// parent (the clustering, the cluster and its size).
/// </summary>
public sealed record FewShotExample(
    string ExampleId, string Problem, string? Family = null, int? Difficulty = null,
    string? ClusteringId = null, int? ClusterId = null, int? ClusterSize = null);

/// <summary>Where a round's few-shot parents come from.</summary>
public interface IFewShotPool
{
    Task<IReadOnlyList<FewShotExample>> LoadAsync(RunStarted run, int round, CancellationToken cancellationToken);
}

/// <summary>
/// The Prismatic Synthesis choice of parents. Round 1 (or a run without diversity settings) draws from the
/// imported seed pool, in import order. Round r ≥ 2 draws from the thinnest part of the pool as round r − 1
/// clustered it: the pool members of its smallest clusters (<see cref="ClusteringCompleted.Sparsest"/>) and the
/// candidates round r − 1 kept, which by the sparse-cluster rule landed in small clusters: one per cluster from
/// the smallest clusters up (ties by cluster id, then example id), then a second per cluster, and so on, the
/// first <see cref="Size"/>. Everything is read from the log and the inline
/// lineage documents, so the same run always gets the same parents.
/// </summary>
public sealed class MartenFewShotPool(IDocumentStore store) : IFewShotPool
{
    /// <summary>How many of the sparsest examples a round's generation may draw from.</summary>
    public const int Size = 32;

    public async Task<IReadOnlyList<FewShotExample>> LoadAsync(RunStarted run, int round, CancellationToken cancellationToken)
    {
        await using var session = store.QuerySession();
        if (round >= 2 && run.Config.Diversity is not null)
        {
            var sparse = await SparsestAsync(session, run.RunId, round - 1, cancellationToken);
            if (sparse.Count > 0) return sparse;
        }
        var events = await session.Events.FetchStreamAsync(RunIds.Streams.Seeds(run.RunId), token: cancellationToken);
        return FewShotParents.FromSeeds(events.Select(e => e.Data).OfType<SeedExampleImported>());
    }

    private static async Task<IReadOnlyList<FewShotExample>> SparsestAsync(IQuerySession session, string runId, int round, CancellationToken ct)
    {
        var stream = await session.Events.FetchStreamAsync(RunIds.Streams.Cluster(runId, round), token: ct);
        var clustering = stream.Select(e => e.Data).OfType<ClusteringCompleted>().SingleOrDefault();
        if (clustering is null) return [];
        var kept = await session.Query<ExampleLineage>()
            .Where(x => x.RunId == runId && x.Round == round && x.Origin == "generated" && x.Outcome == Decision.Kept)
            .ToListAsync(ct);
        var chosen = FewShotParents.Choose(clustering, kept);
        var documents = (await session.LoadManyAsync<ExampleLineage>(ct, chosen.Select(p => p.ExampleId).ToList()))
            .ToDictionary(x => x.Id, StringComparer.Ordinal);
        return FewShotParents.Describe(clustering, chosen, documents);
    }
}

/// <summary>
/// The parent choice itself, over values: what <see cref="MartenFewShotPool"/> reads from the store and what an audit
/// reads from the recorded log both go through here, so both choose the same parents from the same facts.
/// </summary>
public static class FewShotParents
{
    public static IReadOnlyList<FewShotExample> FromSeeds(IEnumerable<SeedExampleImported> seeds) =>
        seeds.Select(s => new FewShotExample(s.ExampleId, s.Problem)).ToList();

    /// <summary>The parents, in order: members of the clustering's smallest clusters and the round's kept candidates.</summary>
    public static IReadOnlyList<ParentCandidate> Choose(ClusteringCompleted clustering, IEnumerable<ExampleLineage> keptOfRound)
    {
        var sizes = new Dictionary<string, (int? Cluster, int Size)>(StringComparer.Ordinal);
        foreach (var m in clustering.Sparsest ?? []) sizes[m.ExampleId] = (m.ClusterId, m.ClusterSize);
        foreach (var x in keptOfRound)
        {
            // A candidate of a round whose pool was empty has no assignment: it sits in a cluster of none.
            var assigned = x.Clusters.LastOrDefault(c => c.ClusteringId == clustering.ClusteringId);
            sizes[x.Id] = assigned is null ? (null, 0) : (assigned.ClusterId, assigned.ClusterSize);
        }
        return ParentSelection.Choose(sizes.Select(p => new ParentCandidate(p.Key, p.Value.Cluster, p.Value.Size)), MartenFewShotPool.Size);
    }

    /// <summary>The chosen parents with their problems, family and difficulty (those whose lineage is known).</summary>
    public static IReadOnlyList<FewShotExample> Describe(
        ClusteringCompleted clustering, IReadOnlyList<ParentCandidate> chosen, IReadOnlyDictionary<string, ExampleLineage> documents) =>
        chosen.Where(p => documents.ContainsKey(p.ExampleId)).Select(p =>
        {
            var x = documents[p.ExampleId];
            var attributes = x.Generated?.Attributes;
            return new FewShotExample(x.Id, x.Problem,
                attributes?.GetValueOrDefault("family"),
                attributes?.GetValueOrDefault("difficulty") is { } d && int.TryParse(d, out var level) ? level : null,
                clustering.ClusteringId, p.ClusterId, p.ClusterSize);
        }).ToList();
}

/// <summary>No parents at all: for generating outside a run's log (benchmarks).</summary>
public sealed class NoFewShotPool : IFewShotPool
{
    public Task<IReadOnlyList<FewShotExample>> LoadAsync(RunStarted run, int round, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<FewShotExample>>([]);
}
