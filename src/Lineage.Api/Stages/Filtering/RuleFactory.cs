using Lineage.Api.Stages.Clustering;
using Lineage.Domain.Examples;
using Lineage.Domain.Pipelines;
using Lineage.Domain.Runs;
using Lineage.Filters.Rules;
using Marten;

namespace Lineage.Api.Stages.Filtering;

/// <summary>
/// Builds the ordered rule list of a round from the run's config and the pool kept so far. Cheap, certain
/// rules come first, so the rule named on a drop is the most basic reason: length, then decontamination
/// (a test-set copy must be reported as such even when it is also a duplicate), then exact duplicates, then
/// the sparse-cluster rule, which only judges what every other rule would keep. The filter stage, the audit
/// that re-decides a version and a fork that re-decides it with other settings all build their rules here.
/// </summary>
public class RuleFactory(BenchmarkIndexes benchmarks)
{
    public async Task<IReadOnlyList<ICandidateRule>> ForRoundAsync(
        IQuerySession session, RunStarted run, int round, IReadOnlyList<IPoolExample> pool, CancellationToken ct)
    {
        RecordedClustering? clustering = null;
        if (run.Config.Diversity is not null)
        {
            var events = (await session.Events.FetchStreamAsync(RunIds.Streams.Cluster(run.RunId, round), token: ct)).Select(e => e.Data).ToList();
            clustering = RecordedClustering.Of(events) ?? throw new InvalidOperationException($"round {round} of run {run.RunId} has not been clustered");
        }
        return For(run.Config, pool, clustering);
    }

    /// <summary>The rules of a round over values: the config, the pool as the round found it, and the round's clustering (with diversity on).</summary>
    public virtual IReadOnlyList<ICandidateRule> For(PipelineConfig config, IReadOnlyList<IPoolExample> pool, RecordedClustering? clustering)
    {
        var rules = new List<ICandidateRule>();
        if (config.Length is { } length) rules.Add(new LengthRule(length));
        if (config.Decontamination is { Files.Length: > 0 } decontamination)
            rules.Add(new DecontaminationRule(benchmarks.For(decontamination)));
        if (config.Deduplicate)
            // The rule compares problems only; a pool entry carries no answer.
            rules.Add(new DuplicateRule(pool.Select(p => new Candidate(p.Id, p.Problem, p.Solution, null))));
        if (config.Diversity is { } diversity)
        {
            var recorded = clustering ?? throw new ArgumentNullException(nameof(clustering), "the sparse-cluster rule needs the round's clustering");
            // The recipe's fallback (keep all when no cluster is sparse) is the config's, so an audit and a fork decide as the stage did.
            rules.Add(new SparseClusterRule(recorded.Completed, recorded.Assignments, diversity.R, diversity.KeepAllWhenNoneSparse));
        }
        return rules;
    }
}
