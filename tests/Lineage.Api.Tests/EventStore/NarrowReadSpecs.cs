using System.Text.Json;
using Lineage.Api.EventStore;
using Lineage.Api.Stages;
using Lineage.Api.Tests.Audits;
using Lineage.Api.Tests.Platform;
using Lineage.Domain.Examples;
using Marten;

namespace Lineage.Api.Tests.EventStore;

/// <summary>
/// What the round stages read at scale against the plain fold they replaced: the pool's narrow entries
/// (<see cref="PoolEntries"/>, PostgreSQL extracting a few fields) and the candidates folded from their round's streams
/// must be what one reader folding the whole log event by event (<see cref="ExampleLineage.Record"/>) finds, round by
/// round, on a real two-round diversity run with seeds, rejections and decisions; and for a fork, whose examples arrive
/// as <see cref="Domain.Forks.ExampleForked"/>. The parallel fold must be the one-reader fold, example by example.
/// </summary>
[Trait("Category", "Integration")]
[Collection(AuditedVersionCollection.Name)]
public class NarrowReadSpecs(AuditedVersionFixture f)
{
    private static string Json(object x) => JsonSerializer.Serialize(x, LineageFixture.Json);

    private static void AssertNarrowAgrees(IPoolExample whole, IPoolExample narrow)
    {
        Assert.Equal(whole.Id, narrow.Id);
        Assert.Equal(whole.Origin, narrow.Origin);
        Assert.Equal(whole.Problem, narrow.Problem);
        Assert.Equal(whole.Solution, narrow.Solution);
        Assert.Equal(whole.Embedding, narrow.Embedding);
        Assert.Equal(whole.Outcome, narrow.Outcome);
        Assert.Equal(whole.DecidedRound, narrow.DecidedRound);
    }

    [Fact]
    public async Task each_round_reads_the_pool_and_candidates_the_whole_fold_finds()
    {
        var (runId, _) = await f.VersionAsync();
        await using var session = f.Store.QuerySession();
        var whole = (await RunLineages.FoldAsync(session, runId, CancellationToken.None, readers: 1)).ById.Values.ToList();

        var poolSizes = new List<int>();
        foreach (var round in new[] { 1, 2 })
        {
            var read = await RoundExamples.LoadAsync(session, runId, round, CancellationToken.None);
            var pool = RoundExamples.PoolAt(whole, round);
            Assert.Equal(pool.Select(x => x.Id), read.Pool.Select(x => x.Id));
            foreach (var (w, n) in pool.Zip(read.Pool)) AssertNarrowAgrees(w, n);
            poolSizes.Add(read.Pool.Count);

            var candidates = RoundExamples.CandidatesOf(whole, round);
            Assert.NotEmpty(candidates);
            Assert.Equal(candidates.Select(Json), read.Candidates.Select(Json));
        }
        // The run must exercise what the fold distinguishes: seeds in round 1's pool, round 1's kept joining round 2's,
        // and rejected candidates, which never reach a pool.
        Assert.Equal(f.Config.Seeds!.Limit, poolSizes[0]);
        Assert.True(poolSizes[1] > poolSizes[0], $"round 2's pool ({poolSizes[1]}) should hold round 1's kept beside the seeds");
        Assert.Contains(whole, x => x.Decision is { Rule: "verification" });
    }

    [Fact]
    public async Task a_runs_entries_and_a_forks_are_the_whole_folds_narrowed()
    {
        var (runId, versionId) = await f.VersionAsync();
        var fork = await ForkSpecs.ForkAsync(f, versionId);
        await using var session = f.Store.QuerySession();
        foreach (var run in new[] { runId, fork.Sealed.RunId })
        {
            var whole = (await RunLineages.FoldAsync(session, run, CancellationToken.None, readers: 1)).ById.Values.ToList();
            var entries = await PoolEntries.LoadAsync(session, run, CancellationToken.None);
            Assert.Equal(whole.Select(x => x.Id), entries.Select(x => x.Id));
            foreach (var (w, n) in whole.Zip(entries))
            {
                AssertNarrowAgrees(w, n);
                Assert.Equal(w.RunId, n.RunId);
            }
            // Both decisions, and embeddings (a fork's come nested in ExampleForked).
            Assert.Contains(entries, x => x.Outcome == Decision.Dropped);
            if (run == runId) Assert.Contains(entries, x => x.Outcome == Decision.Kept && x.Origin == "seed");
            Assert.Contains(entries, x => x.Origin == "generated" && x.Embedding is not null);
        }
    }

    [Fact]
    public async Task the_parallel_fold_is_the_one_reader_fold_example_by_example()
    {
        var (runId, _) = await f.VersionAsync();
        await using var session = f.Store.QuerySession();
        var one = await RunLineages.FoldAsync(session, runId, CancellationToken.None, readers: 1);
        // Every example event of the run, counted by Marten's own query of the log: the fold's span misses none.
        var events = await session.Events.QueryAllRawEvents().Where(e => e.StreamKey!.StartsWith($"run:{runId}:")).ToListAsync();
        Assert.Equal(events.Count(e => e.Data is IExampleEvent), one.EventsReplayed);
        // 40 events per reader: this run's few hundred events are read by all four readers.
        var four = await RunLineages.FoldAsync(session, runId, CancellationToken.None, readers: 4, eventsPerReader: 40);
        Assert.Equal(one.EventsReplayed, four.EventsReplayed);
        Assert.Equal(one.ById.Keys, four.ById.Keys);
        Assert.Equal(one.ById.Values.Select(Json), four.ById.Values.Select(Json));

        // Up to a sequence in the middle of the run: a version's seal reads exactly so far.
        var sequences = await session.Events.QueryAllRawEvents().Where(e => e.StreamKey!.StartsWith($"run:{runId}:"))
            .Select(e => e.Sequence).ToListAsync();
        var middle = sequences.OrderBy(s => s).ElementAt(sequences.Count / 2);
        var oneThrough = await RunLineages.FoldAsync(session, runId, CancellationToken.None, through: middle, readers: 1);
        var fourThrough = await RunLineages.FoldAsync(session, runId, CancellationToken.None, through: middle, readers: 4, eventsPerReader: 40);
        Assert.True(oneThrough.EventsReplayed < one.EventsReplayed);
        Assert.Equal(oneThrough.ById.Values.Select(Json), fourThrough.ById.Values.Select(Json));
    }

    private static object Decided(ExampleLineage x) =>
        (x.Id, x.RunId, x.Origin, x.Content(), x.ContentSha256, x.Outcome, x.Rule, x.Decision?.Round, x.Round, x.Batch, x.Index);

    [Fact]
    public async Task the_content_and_decision_fold_agrees_with_the_whole_fold_on_what_a_manifest_needs()
    {
        var (runId, versionId) = await f.VersionAsync();
        var fork = await ForkSpecs.ForkAsync(f, versionId);
        await using var session = f.Store.QuerySession();
        var seen = new List<ExampleLineage>();
        foreach (var run in new[] { runId, fork.Sealed.RunId })
        {
            var whole = await RunLineages.FoldAsync(session, run, CancellationToken.None, readers: 1);
            var slim = await RunLineages.FoldAsync(session, run, CancellationToken.None, readers: 1, detail: LineageDetail.ContentAndDecision);
            var slimFour = await RunLineages.FoldAsync(session, run, CancellationToken.None, readers: 4, eventsPerReader: 40,
                detail: LineageDetail.ContentAndDecision);
            Assert.Equal(whole.ById.Keys, slim.ById.Keys);
            Assert.Equal(whole.ById.Values.Select(Decided), slim.ById.Values.Select(Decided));
            Assert.Equal(slim.ById.Values.Select(Decided), slimFour.ById.Values.Select(Decided));
            Assert.Equal(slim.EventsReplayed, slimFour.EventsReplayed);
            seen.AddRange(whole.ById.Values);
            Assert.Equal(Manifest(whole), Manifest(slim));
            if (run != runId) continue;
            // The run's own examples were generated here: the whole fold read their raw output, the slim one did not,
            // and it read no embedding or cluster event.
            Assert.Contains(whole.ById.Values, x => x.Generated is { RawOutput.Length: > 0 });
            Assert.Contains(whole.ById.Values, x => x.Embedding is not null);
            Assert.Contains(whole.ById.Values, x => x.Clusters.Count > 0);
            Assert.All(slim.ById.Values, x => Assert.True(x.Generated is null or { RawOutput: "" } && x.Embedding is null && x.Clusters.Count == 0));
            Assert.True(slim.EventsReplayed < whole.EventsReplayed);
        }
        // The runs hold what the fold tells apart: both decisions on generated examples, and seeds.
        Assert.Contains(seen, x => x.Outcome == Decision.Dropped && x.Origin == "generated");
        Assert.Contains(seen, x => x.Outcome == Decision.Kept && x.Origin == "generated");
        Assert.Contains(seen, x => x.Origin == "seed");
    }

    private static string Manifest(FoldedLineages folded) => Domain.Versions.DatasetManifest.Build("v",
        folded.ById.Values.Where(x => x.Origin == "generated" && x.Outcome == Decision.Kept).Select(x => x.Content())).Hash;
}
