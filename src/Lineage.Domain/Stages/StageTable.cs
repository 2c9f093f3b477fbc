using Lineage.Domain.Examples;
using Lineage.Domain.Messages;
using Lineage.Domain.Pipelines;
using Lineage.Domain.Runs;
using Lineage.Domain.Versions;

namespace Lineage.Domain.Stages;

/// <summary>
/// Every stage, in pipeline order. Adding a stage is one entry here plus its consumer (a
/// <c>StageConsumer&lt;TCommand&gt;</c> in the host, found by its command type) and its decider.
/// </summary>
public static class StageTable
{
    public static readonly Stage Seeds = new(
        "seeds", typeof(ImportSeeds), typeof(SeedsImported), StageScope.Run, OnDevice: false,
        (run, _, _) => new ImportSeeds { RunId = run },
        (e, config, _) => config.Diversity is not null
            // The seed pool is embedded before round 1 so that round 1 already has a pool to cluster.
            ? [new EmbedBatch { RunId = e.RunId, Round = 0, Batch = 0 }]
            : [new StartRound { RunId = e.RunId, Round = 1 }],
        s => s.Config.Seeds is null ? null : s.SeedsImported > 0 ? 1 : 0);

    public static readonly Stage Round = new(
        "round", typeof(StartRound), typeof(RoundStarted), StageScope.Round, OnDevice: false,
        (run, round, _) => new StartRound { RunId = run, Round = round },
        (e, _, _) => e is RoundStarted r
            ? [.. Enumerable.Range(0, r.Batches).Select(b => new GenerateCandidates { RunId = r.RunId, Round = r.Round, Batch = b })]
            : [],
        s => (double)s.Rounds.Count / s.Config.Rounds);

    public static readonly Stage Generate = new(
        "generate", typeof(GenerateCandidates), typeof(CandidatesGenerated), StageScope.Batch, OnDevice: false,
        (run, round, batch) => new GenerateCandidates { RunId = run, Round = round, Batch = batch },
        (e, _, _) => e is CandidatesGenerated g ? [new VerifyBatch { RunId = g.RunId, Round = g.Round, Batch = g.Batch }] : [],
        s => Batches(s, r => r.GeneratedBatches));

    public static readonly Stage Verify = new(
        "verify", typeof(VerifyBatch), typeof(BatchVerified), StageScope.Batch, OnDevice: false,
        (run, round, batch) => new VerifyBatch { RunId = run, Round = round, Batch = batch },
        (e, config, completed) => e is not BatchVerified v ? []
            : config.Diversity is not null ? [new EmbedBatch { RunId = v.RunId, Round = v.Round, Batch = v.Batch }]
            : completed >= config.BatchesPerRound ? [new FilterBatch { RunId = v.RunId, Round = v.Round }]
            : [],
        s => Batches(s, r => r.VerifiedBatches));

    public static readonly Stage Embed = new(
        "embed", typeof(EmbedBatch), typeof(BatchEmbedded), StageScope.Batch, OnDevice: true,
        (run, round, batch) => new EmbedBatch { RunId = run, Round = round, Batch = batch },
        (e, config, completed) => e switch
        {
            BatchEmbedded { Round: 0 } m => [new StartRound { RunId = m.RunId, Round = 1 }],
            BatchEmbedded m when completed >= config.BatchesPerRound => [new ClusterPool { RunId = m.RunId, Round = m.Round }],
            _ => [],
        },
        s => s.Config.Diversity is null ? null : Batches(s, r => r.EmbeddedBatches));

    public static readonly Stage Cluster = new(
        "cluster", typeof(ClusterPool), typeof(ClusteringCompleted), StageScope.Round, OnDevice: true,
        (run, round, _) => new ClusterPool { RunId = run, Round = round },
        (e, _, _) => e is ClusteringCompleted c ? [new FilterBatch { RunId = c.RunId, Round = c.Round }] : [],
        s => s.Config.Diversity is null ? null : (double)s.Rounds.Count(r => r.ClusteringId is not null) / s.Config.Rounds);

    public static readonly Stage Filter = new(
        "filter", typeof(FilterBatch), typeof(RoundFiltered), StageScope.Round, OnDevice: false,
        (run, round, _) => new FilterBatch { RunId = run, Round = round },
        (e, config, _) =>
        {
            if (e is not RoundFiltered f) return [];
            // Rounds is the cap; a target size, once reached, seals early. StageGuard admits the same edge.
            return StageGuard.EndsRun(f.Round, f.TotalKept, config)
                ? [new SealVersion { RunId = f.RunId }]
                : [new StartRound { RunId = f.RunId, Round = f.Round + 1 }];
        },
        s => (double)s.Rounds.Count(r => r.Filtered) / s.Config.Rounds);

    public static readonly Stage Seal = new(
        "seal", typeof(SealVersion), typeof(VersionSealed), StageScope.Run, OnDevice: false,
        (run, _, _) => new SealVersion { RunId = run },
        (_, _, _) => [],
        s => s.VersionId is null ? 0 : 1);

    public static readonly IReadOnlyList<Stage> All = [Seeds, Round, Generate, Verify, Embed, Cluster, Filter, Seal];

    public static IReadOnlyList<string> Names { get; } = [.. All.Select(s => s.Name)];

    private static readonly Dictionary<Type, Stage> ByCommand = All.ToDictionary(s => s.Command);
    private static readonly Dictionary<Type, Stage> ByCompletion = All.ToDictionary(s => s.Completion);
    private static readonly Dictionary<string, Stage> ByName = All.ToDictionary(s => s.Name, StringComparer.Ordinal);

    public static Stage Of(Type command) =>
        ByCommand.TryGetValue(command, out var stage) ? stage : throw new ArgumentException($"{command.Name} is not a stage command", nameof(command));

    public static Stage Of(IStageCommand command) => Of(command.GetType());

    public static Stage? Named(string name) => ByName.GetValueOrDefault(name);

    /// <summary>The stage whose completion this event records, if any.</summary>
    public static Stage? CompletedBy(Type @event) => ByCompletion.GetValueOrDefault(@event);

    private static double Batches(RunStatus s, Func<RoundProgress, int> done) =>
        s.Rounds.Sum(done) / ((double)s.Config.Rounds * s.Config.BatchesPerRound);
}
