using System.Globalization;
using Lineage.Domain.Examples;
using Lineage.Domain.Runs;
using Marten;
using Rules = Lineage.Filters.Rules;

namespace Lineage.Api.Stages.Filtering;

/// <summary>
/// Prismatic Synthesis's filter: keeps a candidate only if the pool cluster it landed in is under-populated,
/// i.e. smaller than the size at rank ⌊K·r⌋ of the pool's sorted cluster sizes
/// (<see cref="Rules.SparseClusterRule"/>). Reads the round's clustering from its cluster stream; evidence is
/// the clustering, the cluster, its size and cosine, the threshold, r and K.
/// </summary>
public sealed class SparseClusterRule : ICandidateRule
{
    private readonly ClusteringCompleted _clustering;
    private readonly IReadOnlyDictionary<string, ExampleAssignedToCluster> _assignments;
    private readonly Rules.SparseClusterPool? _pool;

    public SparseClusterRule(ClusteringCompleted clustering, IEnumerable<ExampleAssignedToCluster> assignments, double r)
    {
        _clustering = clustering;
        _assignments = assignments.ToDictionary(a => a.ExampleId, StringComparer.Ordinal);
        _pool = clustering.K == 0 ? null : Rules.SparseClusterPool.From(clustering.Sizes.Select(s => (long)s).ToList(), r);
        R = r;
    }

    public string Name => Rules.SparseClusterRule.Name;

    public double R { get; }

    public static async Task<SparseClusterRule> ForRoundAsync(IQuerySession session, RunStarted run, int round, CancellationToken ct)
    {
        var diversity = run.Config.Diversity ?? throw new InvalidOperationException($"run {run.RunId} has no diversity settings");
        var events = (await session.Events.FetchStreamAsync(RunIds.Streams.Cluster(run.RunId, round), token: ct)).Select(e => e.Data).ToList();
        var clustering = events.OfType<ClusteringCompleted>().SingleOrDefault()
            ?? throw new InvalidOperationException($"round {round} of run {run.RunId} has not been clustered");
        return new SparseClusterRule(clustering, events.OfType<ExampleAssignedToCluster>(), diversity.R);
    }

    public RuleVerdict Judge(Candidate c)
    {
        var r = R.ToString(CultureInfo.InvariantCulture);
        if (_pool is null)
            return RuleVerdict.Pass($"the pool was empty when {_clustering.ClusteringId} was clustered: no cluster to be dense in",
                new DecisionEvidence { ClusteringId = _clustering.ClusteringId, K = 0, R = R });
        var a = _assignments.TryGetValue(c.Id, out var found)
            ? found
            : throw new InvalidOperationException($"candidate {c.Id} has no assignment in clustering {_clustering.ClusteringId}");
        var d = Rules.SparseClusterRule.Decide(_pool, a.ClusterId, a.Cosine);
        var evidence = new DecisionEvidence
        {
            ClusteringId = a.ClusteringId, ClusterId = a.ClusterId, Cosine = a.Cosine, ClusterSize = (int)d.ClusterSize,
            Threshold = (int)d.Threshold, R = d.Rank, K = d.K,
        };
        var reason = $"landed in cluster {d.ClusterId} of clustering {a.ClusteringId}, size {d.ClusterSize} " +
                     $"{(d.Keep ? "<" : "≥")} threshold {d.Threshold} (r {r} of {d.K} clusters)";
        return d.Keep ? RuleVerdict.Pass(reason, evidence) : RuleVerdict.Drop(reason, evidence);
    }

    public void Admit(Candidate candidate) { }
}
