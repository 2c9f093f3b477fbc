using Lineage.Domain.Examples;
using Lineage.Domain.Runs;
using Marten;

namespace Lineage.Api.Stages.Filtering;

/// <summary>Builds the ordered rule list of a round from the run's config and the pool kept so far.</summary>
public sealed class RuleFactory
{
    public Task<IReadOnlyList<ICandidateRule>> ForRoundAsync(
        IQuerySession session, RunStarted run, int round, IReadOnlyList<ExampleLineage> pool, CancellationToken ct)
    {
        var rules = new List<ICandidateRule> { new LengthRule(run.Config.Length) };
        if (run.Config.Deduplicate)
            rules.Add(new DuplicateRule(pool.Select(p => new Candidate(p.Id, p.Problem, p.Solution, p.Answer))));
        return Task.FromResult<IReadOnlyList<ICandidateRule>>(rules);
    }
}
