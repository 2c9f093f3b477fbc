using Lineage.Api.Stages.Clustering;
using Lineage.Api.Stages.Generation;
using Lineage.Api.Versions;
using Lineage.Domain.Examples;
using Lineage.Domain.Runs;

namespace Lineage.Api.Audits;

/// <summary>
/// The few-shot parents of a round as the recorded log gives them, through the same choice the stage makes
/// (<see cref="FewShotParents"/>): round 1 the imported seeds, round r ≥ 2 the smallest clusters of round r − 1's
/// recorded clustering and the candidates it kept. Kept decisions of r − 1 were final before round r began.
/// </summary>
public sealed class RecordedFewShotPool(VersionLog log) : IFewShotPool
{
    public Task<IReadOnlyList<FewShotExample>> LoadAsync(RunStarted run, int round, CancellationToken cancellationToken)
    {
        if (round >= 2 && run.Config.Diversity is not null
            && RecordedClustering.Of(log.Stream(RunIds.Streams.Cluster(log.RunId, round - 1))) is { } clustering)
        {
            var kept = log.Lineages.Values.Where(x => x.Round == round - 1 && x.Origin == "generated" && x.Outcome == Decision.Kept);
            var sparse = FewShotParents.Describe(clustering.Completed, FewShotParents.Choose(clustering.Completed, kept), log.Lineages);
            if (sparse.Count > 0) return Task.FromResult(sparse);
        }
        return Task.FromResult(FewShotParents.FromSeeds(log.Seeds));
    }
}
