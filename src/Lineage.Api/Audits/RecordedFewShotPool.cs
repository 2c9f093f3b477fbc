using Lineage.Api.Stages.Clustering;
using Lineage.Api.Stages.Generation;
using Lineage.Api.Versions;
using Lineage.Domain.Examples;
using Lineage.Domain.Runs;

namespace Lineage.Api.Audits;

/// <summary>
/// The few-shot parents of a round as the recorded log gives them, through the same choice the stage makes
/// (<see cref="FewShotParents.For"/>): the whole pool under the paper's recipe, else round 1 the imported seeds and
/// round r ≥ 2 the smallest clusters of round r − 1's recorded clustering and the candidates it kept. Kept decisions
/// of earlier rounds were final before round r began.
/// </summary>
public sealed class RecordedFewShotPool(VersionLog log) : IFewShotPool
{
    public Task<IReadOnlyList<FewShotExample>> LoadAsync(RunStarted run, int round, CancellationToken cancellationToken)
    {
        var previous = round >= 2 ? RecordedClustering.Of(log.Stream(RunIds.Streams.Cluster(log.RunId, round - 1)))?.Completed : null;
        return Task.FromResult(FewShotParents.For(run, round, log.Seeds, log.Lineages, previous));
    }
}
