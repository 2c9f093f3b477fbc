using Lineage.Domain.Examples;
using Marten;

namespace Lineage.Api.Stages;

/// <summary>
/// The two sets of examples the round-level stages (cluster, filter) work on, from the inline lineage
/// documents, which commit with the events that made them. Both are ordered, so that the same log gives
/// the same rows in the same order, and so the same clustering and decisions.
/// </summary>
public static class RoundExamples
{
    /// <summary>
    /// The pool: every kept example of the run so far, seeds and earlier rounds' kept candidates. Until a
    /// round is filtered its own candidates are pending, so this is the pool as that round finds it.
    /// </summary>
    public static async Task<IReadOnlyList<ExampleLineage>> PoolAsync(IQuerySession session, string runId, CancellationToken ct) =>
        (await session.Query<ExampleLineage>()
            .Where(x => x.RunId == runId && x.Outcome == Decision.Kept)
            .ToListAsync(ct))
        .OrderBy(x => x.Id, StringComparer.Ordinal)
        .ToList();

    /// <summary>The round's verified candidates still awaiting a decision, in (batch, index) order.</summary>
    public static async Task<IReadOnlyList<ExampleLineage>> CandidatesAsync(IQuerySession session, string runId, int round, CancellationToken ct) =>
        (await session.Query<ExampleLineage>()
            .Where(x => x.RunId == runId && x.Round == round && x.Origin == "generated" && x.Outcome == Decision.Pending)
            .ToListAsync(ct))
        .Where(x => x.Verification is { Passed: true })
        .OrderBy(x => x.Batch).ThenBy(x => x.Index)
        .ToList();
}
