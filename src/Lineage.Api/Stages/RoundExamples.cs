using Lineage.Api.EventStore;
using Lineage.Domain.Examples;
using Marten;

namespace Lineage.Api.Stages;

/// <summary>
/// The two sets of examples the round-level stages (cluster, filter) work on, folded from the event log
/// (<see cref="RunLineages"/>), so a projection rebuild running beside them cannot hide any. Both are ordered, so
/// that the same log gives the same rows in the same order, and so the same clustering and decisions.
/// </summary>
/// <param name="Pool">
/// Every kept example of the run so far, seeds and earlier rounds' kept candidates. Until a round is filtered its
/// own candidates are pending, so this is the pool as that round finds it.
/// </param>
/// <param name="Candidates">The round's verified candidates still awaiting a decision, in (batch, index) order.</param>
public sealed record RoundExamples(IReadOnlyList<ExampleLineage> Pool, IReadOnlyList<ExampleLineage> Candidates)
{
    public static async Task<RoundExamples> LoadAsync(IQuerySession session, string runId, int round, CancellationToken ct)
    {
        var all = (await RunLineages.FoldAsync(session, runId, ct)).ById.Values;
        return new(
            all.Where(x => x.Outcome == Decision.Kept).OrderBy(x => x.Id, StringComparer.Ordinal).ToList(),
            all.Where(x => x.Round == round && x.Origin == "generated" && x.Outcome == Decision.Pending && x.Verification is { Passed: true })
                .OrderBy(x => x.Batch).ThenBy(x => x.Index)
                .ToList());
    }
}
