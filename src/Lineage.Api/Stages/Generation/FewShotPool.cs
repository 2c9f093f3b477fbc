using Lineage.Api.EventStore;
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
/// first <see cref="Size"/>. Everything is read from the log (never a projection a rebuild may have emptied), so the same run always gets the same parents.
/// </summary>
public sealed class MartenFewShotPool(IDocumentStore store) : IFewShotPool
{
    /// <summary>How many of the sparsest examples a round's generation may draw from.</summary>
    public const int Size = 32;

    /// <summary>How many rounds' parents a worker keeps; past that, others than the one asked are forgotten (and chosen again if asked).</summary>
    private const int RoundsRemembered = 16;

    private readonly System.Collections.Concurrent.ConcurrentDictionary<(string RunId, int Round, Guid Started), Lazy<Task<IReadOnlyList<FewShotExample>>>> _chosen = new();

    /// <summary>
    /// A round's parents are the same for every one of its batches: they depend only on decisions of earlier rounds,
    /// which are final once the round has started. So a worker chooses them once per round (folding the log once,
    /// not once per batch: at a few thousand batches a round that was the run's log read thousands of times) and
    /// answers the round's other batches from memory. The memory is keyed by the id of the round's start event too, so
    /// a log that was reset and written again (same run id) is never answered from the old one. A failed choice is
    /// forgotten and tried again.
    /// </summary>
    public async Task<IReadOnlyList<FewShotExample>> LoadAsync(RunStarted run, int round, CancellationToken cancellationToken)
    {
        Guid started;
        await using (var session = store.QuerySession())
            started = (await session.Events.FetchStreamAsync(RunIds.Streams.Round(run.RunId, round), 1, token: cancellationToken)).FirstOrDefault()?.Id ?? Guid.Empty;
        var key = (run.RunId, round, started);
        var chosen = _chosen.GetOrAdd(key, _ => new Lazy<Task<IReadOnlyList<FewShotExample>>>(() => ChooseAsync(run, round, CancellationToken.None)));
        try
        {
            return await chosen.Value.WaitAsync(cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            _chosen.TryRemove(new KeyValuePair<(string, int, Guid), Lazy<Task<IReadOnlyList<FewShotExample>>>>(key, chosen));
            throw;
        }
        finally
        {
            if (_chosen.Count > RoundsRemembered)
                foreach (var stale in _chosen.Keys.Where(k => k != key).Take(_chosen.Count - RoundsRemembered).ToList()) _chosen.TryRemove(stale, out _);
        }
    }

    private async Task<IReadOnlyList<FewShotExample>> ChooseAsync(RunStarted run, int round, CancellationToken cancellationToken)
    {
        await using var session = store.QuerySession();
        var seeds = (await session.Events.FetchStreamAsync(RunIds.Streams.Seeds(run.RunId), token: cancellationToken))
            .Select(e => e.Data).OfType<SeedExampleImported>().ToList();
        ClusteringCompleted? previous = null;
        if (run.Config.Generator.FewShotPool != "pool" && round >= 2 && run.Config.Diversity is not null)
            previous = (await session.Events.FetchStreamAsync(RunIds.Streams.Cluster(run.RunId, round - 1), token: cancellationToken))
                .Select(e => e.Data).OfType<ClusteringCompleted>().SingleOrDefault();
        // The log is folded only when the choice reads lineages: the whole pool, or a clustered earlier round.
        IReadOnlyDictionary<string, ExampleLineage> lineages = run.Config.Generator.FewShotPool == "pool" || previous is not null
            ? (await RunLineages.FoldAsync(session, run.RunId, cancellationToken)).ById
            : new Dictionary<string, ExampleLineage>(StringComparer.Ordinal);
        return FewShotParents.For(run, round, seeds, lineages, previous);
    }
}

/// <summary>
/// The parent choice itself, over values: what <see cref="MartenFewShotPool"/> folds from the log and what an audit
/// reads from a version's recorded log both go through here, so both choose the same parents from the same facts.
/// </summary>
public static class FewShotParents
{
    /// <summary>
    /// Round <paramref name="round"/>'s parents under the run's settings: the whole pool (<c>fewShotPool = "pool"</c>,
    /// the paper's), else from round 2 on (with diversity) the sparsest of round r − 1's clustering
    /// (<paramref name="previousRound"/>), else the seeds in import order.
    /// </summary>
    /// <param name="lineages">The run's examples folded from its log (seeds included); kept decisions of earlier rounds are final.</param>
    public static IReadOnlyList<FewShotExample> For(
        RunStarted run, int round, IReadOnlyList<SeedExampleImported> seeds, IReadOnlyDictionary<string, ExampleLineage> lineages,
        ClusteringCompleted? previousRound)
    {
        if (run.Config.Generator.FewShotPool == "pool") return WholePool(seeds, lineages.Values, round);
        if (round >= 2 && run.Config.Diversity is not null && previousRound is not null)
        {
            var kept = lineages.Values.Where(x => x.Round == round - 1 && x.Origin == "generated" && x.Outcome == Decision.Kept);
            var sparse = Describe(previousRound, Choose(previousRound, kept), lineages);
            if (sparse.Count > 0) return sparse;
        }
        return FromSeeds(seeds);
    }

    public static IReadOnlyList<FewShotExample> FromSeeds(IEnumerable<SeedExampleImported> seeds) =>
        seeds.Select(s => new FewShotExample(s.ExampleId, s.Problem)).ToList();

    /// <summary>
    /// The paper's pool: the seeds in import order, then every generated example kept by a round before
    /// <paramref name="round"/>, by id (those rounds' filter stages decided before this round started).
    /// </summary>
    public static IReadOnlyList<FewShotExample> WholePool(IEnumerable<SeedExampleImported> seeds, IEnumerable<ExampleLineage> lineages, int round)
    {
        var kept = lineages
            .Where(x => x.Round < round && x.Origin == "generated" && x.Outcome == Decision.Kept)
            .OrderBy(x => x.Id, StringComparer.Ordinal)
            .Select(x => new FewShotExample(x.Id, x.Problem, x.Generated?.Attributes.GetValueOrDefault("family"),
                x.Generated?.Attributes.GetValueOrDefault("difficulty") is { } d && int.TryParse(d, out var level) ? level : null));
        return [.. FromSeeds(seeds), .. kept];
    }

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
        ClusteringCompleted clustering, IReadOnlyList<ParentCandidate> chosen, IReadOnlyDictionary<string, ExampleLineage> lineages) =>
        chosen.Where(p => lineages.ContainsKey(p.ExampleId)).Select(p =>
        {
            var x = lineages[p.ExampleId];
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
