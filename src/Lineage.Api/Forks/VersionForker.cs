using System.Diagnostics;
using Lineage.Api.EventStore;
using Lineage.Api.Stages;
using Lineage.Api.Stages.Clustering;
using Lineage.Api.Stages.Filtering;
using Lineage.Api.Stages.Sealing;
using Lineage.Api.Versions;
using Lineage.Domain.Examples;
using Lineage.Domain.Forks;
using Lineage.Domain.Runs;
using Lineage.Domain.Versions;
using Lineage.Filters.Clustering.Storage;
using Marten;

namespace Lineage.Api.Forks;

/// <summary>One round of a fork as its summary records it.</summary>
public sealed record ForkRoundSummary(int Round, int Kept, int Dropped, IReadOnlyDictionary<string, int> DroppedByRule, double? GVendi,
    string? ClusteringId, string? ReclusteredBecause);

public sealed record ForkResult(
    string VersionId, string ParentVersionId, bool Created, IReadOnlyDictionary<string, string> Overrides, VersionSealed Sealed,
    IReadOnlyList<ForkRoundSummary> Rounds, double ElapsedMs);

/// <summary>The outcome of a fork request: done, an unknown version, or settings refused (errors keyed by field).</summary>
public sealed record ForkOutcome(ForkResult? Result, bool UnknownVersion, IDictionary<string, string[]>? Errors);

/// <summary>
/// What-if versions: re-decides a sealed version's filters round by round with other settings (<see cref="ForkOverrides"/>),
/// from its recorded embeddings, clusterings and verdicts, never regenerating or re-embedding (<see cref="ForkRound"/>), and
/// seals the result as a new version whose parent is the forked one. Everything is written in one transaction, in streams of
/// the fork's own (<see cref="ForkIds"/>), named from the parent and the overrides: the same fork twice is the same version.
/// </summary>
public sealed class VersionForker(IDocumentStore store, RuleFactory rules, PoolVectors vectors, CentroidStore centroids, ComputeDevice compute, TimeProvider clock)
{
    public async Task<ForkOutcome> ForkAsync(string versionId, IReadOnlyDictionary<string, string> set, CancellationToken ct)
    {
        var clock0 = Stopwatch.StartNew();
        await using var session = store.LightweightSession();
        var parent = await VersionLog.LoadAsync(session, versionId, ct);
        if (parent is null) return new ForkOutcome(null, true, null);
        var (settings, errors) = ForkOverrides.Apply(parent.Config, set);
        if (settings is null) return new ForkOutcome(null, false, errors);

        var forkRunId = ForkIds.Run(versionId, settings.Overrides);
        var forkVersionId = RunIds.Version(forkRunId);
        if (await VersionLog.LoadAsync(session, forkVersionId, ct) is { } existing)
            return new ForkOutcome(Describe(existing, false, clock0), false, null);

        var config = settings.Config;
        var lineages = new Dictionary<string, ExampleLineage>(StringComparer.Ordinal);
        var seeds = parent.Origin.Lineages.Values.Where(x => x.Origin == "seed").ToList();
        var rounds = new List<(string Stream, List<object> Events)>();
        foreach (var round in parent.Rounds)
        {
            var events = new List<object>();
            foreach (var x in RoundExamples.OrderCandidates(parent.Generated.Where(g => g.Round == round)))
                events.Add(Carry(forkRunId, parent, x));
            Fold(lineages, events);
            var pool = RoundExamples.PoolAt(seeds.Concat(lineages.Values), round);
            var candidates = RoundExamples.CandidatesOf(lineages.Values, round);
            var outcome = ForkRound.Decide(forkRunId, round, config, settings.ClusteringChanged, pool, candidates,
                RoundExamples.PoolAt(parent.PoolUniverse, round), parent.ClusteringOf(round), rules,
                list => vectors.Load(list, null, config.Diversity?.Dimension ?? 0).Vectors, centroids.Save, compute.Device);
            var decided = outcome.Assignments.Cast<object>().Concat(outcome.Decisions).ToList();
            Fold(lineages, decided);
            events.AddRange(decided);
            events.Add(outcome.Summary);
            rounds.Add((ForkIds.RoundStream(forkRunId, round), events));
        }

        var sealedAt = clock.GetUtcNow();
        var generated = lineages.Values.Where(x => x.Origin == "generated").ToList();
        var (manifest, seal) = VersionSeal.Compose(
            new VersionOrigin(forkRunId, forkVersionId, versionId, parent.Seal.Pipeline, config.Hash()),
            generated, rounds.SelectMany(r => r.Events).OfType<ForkRoundFiltered>().Select(r => (r.Round, r.GVendi)), sealedAt);
        var forked = new VersionForked(forkRunId, forkVersionId, versionId, parent.RunId, parent.Origin.RunId, parent.Seal.Pipeline,
            settings.Overrides, config, config.Hash(), parent.OriginRun.Seed, sealedAt);

        session.Events.StartStream(RunIds.Streams.Run(forkRunId), forked);
        foreach (var (stream, events) in rounds) session.Events.StartStream(stream, events.ToArray());
        session.Store(manifest);
        // The version stream last: its seal names the manifest, stored in the same transaction.
        if (!await StageStreams.StartOnceAsync(session, RunIds.Streams.Version(forkVersionId), [new ForkSealed(seal)], ct))
        {
            // A concurrent identical fork committed first; it is the same version.
            await using var again = store.QuerySession();
            return new ForkOutcome(Describe((await VersionLog.LoadAsync(again, forkVersionId, ct))!, false, clock0), false, null);
        }
        await using var read = store.QuerySession();
        return new ForkOutcome(Describe((await VersionLog.LoadAsync(read, forkVersionId, ct))!, true, clock0), false, null);
    }

    /// <summary>A parent's example under the fork's id, with everything the parent recorded about it before its decision.</summary>
    public static ExampleForked Carry(string forkRunId, VersionLog parent, ExampleLineage x) => new(
        forkRunId, RunIds.Example(forkRunId, x.Round, x.Batch, x.Index), x.Id, x.OriginId, parent.VersionId,
        x.Generated ?? throw new InvalidDataException($"example {x.Id} has no generation record"),
        x.Verification ?? throw new InvalidDataException($"example {x.Id} has no verification record"),
        x.Embedding, x.Clusters.ToList());

    private static void Fold(Dictionary<string, ExampleLineage> lineages, IEnumerable<object> events)
    {
        foreach (var e in events.OfType<ILineageEvent>())
        {
            if (!lineages.TryGetValue(e.ExampleId, out var x)) lineages[e.ExampleId] = x = new ExampleLineage { Id = e.ExampleId };
            x.Record(e);
        }
    }

    private static ForkResult Describe(VersionLog fork, bool created, Stopwatch clock) => new(
        fork.VersionId, fork.Fork!.ParentVersionId, created, fork.Fork.Overrides, fork.Seal,
        fork.Rounds.Select(r => fork.ForkRound(r)!).Select(r => new ForkRoundSummary(r.Round, r.Kept, r.Dropped, r.DroppedByRule, r.GVendi,
            r.ClusteringId, r.ReclusteredBecause)).ToList(),
        clock.Elapsed.TotalMilliseconds);
}
