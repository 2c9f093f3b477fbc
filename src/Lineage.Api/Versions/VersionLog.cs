using Lineage.Api.Stages.Clustering;
using Lineage.Domain.Examples;
using Lineage.Domain.Forks;
using Lineage.Domain.Pipelines;
using Lineage.Domain.Runs;
using Lineage.Domain.Versions;
using Marten;

namespace Lineage.Api.Versions;

/// <summary>
/// A sealed version as its log recorded it, and nothing after: the events of its run's (or fork's) streams up to the
/// seal's sequence number, grouped by stream, the example lineages folded from them with the projection's own
/// <see cref="ExampleLineage.Record"/>, and the manifest stored with the seal. A fork's log also holds its parent's,
/// whose records are the fork's inputs, down to the run it all came from (<see cref="Origin"/>).
/// </summary>
public sealed class VersionLog
{
    private VersionLog(VersionSealed seal, long sealSequence, RunStarted? run, VersionForked? fork,
        IReadOnlyDictionary<string, IReadOnlyList<object>> streams, IReadOnlyDictionary<string, ExampleLineage> lineages,
        DatasetManifest? manifest, VersionLog? parent)
    {
        (Seal, SealSequence, Run, Fork, Streams, Lineages, Manifest, Parent) = (seal, sealSequence, run, fork, streams, lineages, manifest, parent);
    }

    public VersionSealed Seal { get; }

    public long SealSequence { get; }

    /// <summary>The run's start, for a run's version; null for a fork.</summary>
    public RunStarted? Run { get; }

    /// <summary>The fork's record, for a fork's version; null for a run's.</summary>
    public VersionForked? Fork { get; }

    public IReadOnlyDictionary<string, IReadOnlyList<object>> Streams { get; }

    /// <summary>Every example of the run (seeds included) or fork, folded up to the seal.</summary>
    public IReadOnlyDictionary<string, ExampleLineage> Lineages { get; }

    /// <summary>The manifest document stored with the seal (null if it is missing).</summary>
    public DatasetManifest? Manifest { get; }

    /// <summary>The forked version's log, for a fork.</summary>
    public VersionLog? Parent { get; }

    /// <summary>The run's version this one goes back to: itself for a run.</summary>
    public VersionLog Origin => Parent?.Origin ?? this;

    public bool IsFork => Fork is not null;

    public string VersionId => Seal.VersionId;

    public string RunId => Seal.RunId;

    public PipelineConfig Config => Fork?.Config ?? Run!.Config;

    /// <summary>The origin run's start: its seed and the generator settings every example was made with.</summary>
    public RunStarted OriginRun => Origin.Run!;

    public IReadOnlyList<object> Stream(string key) => Streams.GetValueOrDefault(key) ?? [];

    public IReadOnlyList<SeedExampleImported> Seeds => Origin.Stream(RunIds.Streams.Seeds(Origin.RunId)).OfType<SeedExampleImported>().ToList();

    /// <summary>The examples a round's pool can hold: the origin's seeds and this version's own examples.</summary>
    public IEnumerable<ExampleLineage> PoolUniverse =>
        IsFork ? Origin.Lineages.Values.Where(x => x.Origin == "seed").Concat(Lineages.Values) : Lineages.Values;

    public IReadOnlyList<ExampleLineage> Generated =>
        Lineages.Values.Where(x => x.Origin == "generated").OrderBy(x => x.Id, StringComparer.Ordinal).ToList();

    /// <summary>The rounds this version decided, in order.</summary>
    public IReadOnlyList<int> Rounds =>
        (IsFork
            ? Streams.Values.SelectMany(s => s).OfType<ForkRoundFiltered>().Select(r => r.Round)
            : Streams.Values.SelectMany(s => s).OfType<RoundFiltered>().Select(r => r.Round))
        .Distinct().Order().ToList();

    /// <summary>Each round's G-Vendi after filtering, as recorded.</summary>
    public IReadOnlyList<(int Round, double? GVendi)> RoundGVendis =>
        IsFork
            ? [.. Streams.Values.SelectMany(s => s).OfType<ForkRoundFiltered>().OrderBy(r => r.Round).Select(r => (r.Round, r.GVendi))]
            : [.. Streams.Values.SelectMany(s => s).OfType<RoundFiltered>().OrderBy(r => r.Round).Select(r => (r.Round, r.GVendi))];

    /// <summary>A fork's summary of one round.</summary>
    public ForkRoundFiltered? ForkRound(int round) => Stream(ForkIds.RoundStream(RunId, round)).OfType<ForkRoundFiltered>().SingleOrDefault();

    /// <summary>
    /// The clustering round <paramref name="round"/>'s sparse-cluster rule judged against, with each candidate's place
    /// in it keyed by this version's example ids: a run's cluster stream; for a fork, its own re-clustering or the
    /// parent's clustering as carried on each example.
    /// </summary>
    public RecordedClustering? ClusteringOf(int round)
    {
        if (!IsFork) return RecordedClustering.Of(Stream(RunIds.Streams.Cluster(RunId, round)));
        var summary = ForkRound(round);
        if (summary?.Reclustered is { } own)
            return new RecordedClustering(own, Stream(ForkIds.RoundStream(RunId, round)).OfType<ExampleAssignedToCluster>().ToList());
        var inherited = Parent!.ClusteringOf(round);
        return inherited is null ? null : Carried(inherited.Completed, Lineages.Values.Where(x => x.Round == round));
    }

    /// <summary>A clustering with each example's recorded place in it, renamed to the example's own id.</summary>
    public static RecordedClustering Carried(ClusteringCompleted completed, IEnumerable<ExampleLineage> examples) =>
        new(completed, examples
            .Select(x => x.Clusters.LastOrDefault(c => c.ClusteringId == completed.ClusteringId) is { } a ? a with { RunId = x.RunId, ExampleId = x.Id } : null)
            .OfType<ExampleAssignedToCluster>()
            .ToList());

    /// <summary>The version's log, or null when no version has that id.</summary>
    public static async Task<VersionLog?> LoadAsync(IQuerySession session, string versionId, CancellationToken ct)
    {
        var versionEvents = await session.Events.FetchStreamAsync(RunIds.Streams.Version(versionId), token: ct);
        var sealEvent = versionEvents.FirstOrDefault(e => e.Data is VersionSealed or ForkSealed);
        if (sealEvent is null) return null;
        var seal = sealEvent.Data as VersionSealed ?? ((ForkSealed)sealEvent.Data).Sealed;

        var prefix = RunIds.Streams.RunPrefix(seal.RunId);
        var raw = await session.Events.QueryAllRawEvents()
            .Where(e => e.StreamKey!.StartsWith(prefix) && e.Sequence <= sealEvent.Sequence)
            .OrderBy(e => e.Sequence)
            .ToListAsync(ct);
        var streams = new Dictionary<string, List<object>>(StringComparer.Ordinal);
        var lineages = new Dictionary<string, ExampleLineage>(StringComparer.Ordinal);
        foreach (var e in raw)
        {
            // Run ids have one length, so the prefix names exactly this run's streams.
            if (!streams.TryGetValue(e.StreamKey!, out var list)) streams[e.StreamKey!] = list = [];
            list.Add(e.Data);
            if (e.Data is not ILineageEvent example) continue;
            if (!lineages.TryGetValue(example.ExampleId, out var lineage))
                lineages[example.ExampleId] = lineage = new ExampleLineage { Id = example.ExampleId };
            lineage.Record(example);
        }
        var head = streams.GetValueOrDefault(RunIds.Streams.Run(seal.RunId)) ?? [];
        var fork = head.OfType<VersionForked>().FirstOrDefault();
        var run = head.OfType<RunStarted>().FirstOrDefault();
        if (fork is null && run is null) throw new InvalidDataException($"version {versionId} names run {seal.RunId}, whose log has neither a start nor a fork");
        var parent = fork is null ? null
            : await LoadAsync(session, fork.ParentVersionId, ct) ?? throw new InvalidDataException($"fork {versionId}'s parent {fork.ParentVersionId} is not sealed");
        var manifest = await session.LoadAsync<DatasetManifest>(versionId, ct);
        return new VersionLog(seal, sealEvent.Sequence, run, fork,
            streams.ToDictionary(s => s.Key, s => (IReadOnlyList<object>)s.Value, StringComparer.Ordinal), lineages, manifest, parent);
    }
}
