using Lineage.Api.EventStore;
using Lineage.Domain.Examples;
using Marten;

namespace Lineage.Api.Stages;

/// <summary>
/// The two sets of examples the round-level stages (cluster, filter) work on, folded from the event log, so a
/// projection rebuild running beside them cannot hide any: the pool as narrow entries (<see cref="PoolEntries"/>:
/// texts, embedding and decision, not the raw outputs and evidence), the candidates whole but from the round's own
/// streams (<see cref="RunLineages.FoldRoundAsync"/>). What a round reads grows with its pool's narrow columns and its
/// own candidates, not with the run's whole log. Both are ordered, so that the same log gives the same rows in the same
/// order, and so the same clustering and decisions.
/// <see cref="PoolAt"/> and <see cref="CandidatesOf"/> pick the same sets from lineages folded later (an audit,
/// a fork): a round's pool is what had been kept before it, its candidates what it generated and verification passed.
/// </summary>
/// <param name="Pool">
/// Every kept example of the run so far, seeds and earlier rounds' kept candidates. Until a round is filtered its
/// own candidates are pending, so this is the pool as that round finds it.
/// </param>
/// <param name="Candidates">The round's verified candidates, in (batch, index) order.</param>
public sealed record RoundExamples(IReadOnlyList<IPoolExample> Pool, IReadOnlyList<ExampleLineage> Candidates)
{
    public static async Task<RoundExamples> LoadAsync(IQuerySession session, string runId, int round, CancellationToken ct)
    {
        // By round, not by what is pending: a delivery resuming an interrupted filter write finds some of this
        // round's candidates already decided, and must recompute the same decisions for all of them.
        var pool = PoolAt(await PoolEntries.LoadAsync(session, runId, ct), round);
        var candidates = CandidatesOf((await RunLineages.FoldRoundAsync(session, runId, round, ct)).ById.Values, round);
        return new(pool, candidates);
    }

    /// <summary>The pool as round <paramref name="round"/> found it, from lineages folded after it: kept in an earlier round (seeds: round 0).</summary>
    public static IReadOnlyList<T> PoolAt<T>(IEnumerable<T> lineages, int round) where T : IPoolExample =>
        OrderPool(lineages.Where(x => x.Outcome == Decision.Kept && x.DecidedRound < round));

    /// <summary>Round <paramref name="round"/>'s candidates from lineages folded after it: generated then, passed verification.</summary>
    public static IReadOnlyList<ExampleLineage> CandidatesOf(IEnumerable<ExampleLineage> lineages, int round) =>
        OrderCandidates(lineages.Where(x => x.Round == round && x.Origin == "generated" && x.Verification is { Passed: true }));

    public static IReadOnlyList<T> OrderPool<T>(IEnumerable<T> pool) where T : IPoolExample =>
        pool.OrderBy(x => x.Id, StringComparer.Ordinal).ToList();

    public static IReadOnlyList<ExampleLineage> OrderCandidates(IEnumerable<ExampleLineage> candidates) =>
        candidates.OrderBy(x => x.Batch).ThenBy(x => x.Index).ToList();
}
