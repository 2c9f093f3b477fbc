using Lineage.Domain.Examples;
using Lineage.Domain.Runs;
using Lineage.Filters.Rules;
using Marten;

namespace Lineage.Api.Stages.Filtering;

/// <summary>
/// Builds the ordered rule list of a round from the run's config and the pool kept so far. Cheap, certain
/// rules come first, so the rule named on a drop is the most basic reason: length, then decontamination
/// (a test-set copy must be reported as such even when it is also a duplicate), then exact duplicates, then
/// the sparse-cluster rule, which only judges what every other rule would keep.
/// </summary>
public sealed class RuleFactory(BenchmarkIndexes benchmarks)
{
    public async Task<IReadOnlyList<ICandidateRule>> ForRoundAsync(
        IQuerySession session, RunStarted run, int round, IReadOnlyList<ExampleLineage> pool, CancellationToken ct)
    {
        var config = run.Config;
        var rules = new List<ICandidateRule>();
        if (config.Length is { } length) rules.Add(new LengthRule(length));
        if (config.Decontamination is { Files.Length: > 0 } decontamination)
            rules.Add(new DecontaminationRule(benchmarks.For(decontamination)));
        if (config.Deduplicate)
            rules.Add(new DuplicateRule(pool.Select(p => new Candidate(p.Id, p.Problem, p.Solution, p.Answer))));
        if (config.Diversity is { } diversity)
            rules.Add(await SparseClusterAsync(session, run.RunId, round, diversity.R, diversity.KeepAllWhenNoneSparse, ct));
        return rules;
    }

    /// <summary>The rule over the round's clustering, read from its cluster stream.</summary>
    private static async Task<SparseClusterRule> SparseClusterAsync(IQuerySession session, string runId, int round, double r, bool fallback, CancellationToken ct)
    {
        var events = (await session.Events.FetchStreamAsync(RunIds.Streams.Cluster(runId, round), token: ct)).Select(e => e.Data).ToList();
        var clustering = events.OfType<ClusteringCompleted>().SingleOrDefault()
            ?? throw new InvalidOperationException($"round {round} of run {runId} has not been clustered");
        return new SparseClusterRule(clustering, events.OfType<ExampleAssignedToCluster>(), r, fallback);
    }
}
