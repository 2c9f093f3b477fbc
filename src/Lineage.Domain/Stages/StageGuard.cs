using Lineage.Domain.Messages;
using Lineage.Domain.Pipelines;

namespace Lineage.Domain.Stages;

/// <summary>The words <see cref="StageRefusal.Condition"/> takes.</summary>
public static class StageConditions
{
    public const string Sealed = "run-sealed";
    public const string RoundOutOfRange = "round-out-of-range";
    public const string BatchOutOfRange = "batch-out-of-range";
    public const string NoSeeds = "seeds-not-configured";
    public const string NoDiversity = "diversity-not-configured";
    public const string SeedsNotImported = "seeds-not-imported";
    public const string SeedPoolNotEmbedded = "seed-pool-not-embedded";
    public const string PreviousRoundNotFiltered = "previous-round-not-filtered";
    public const string RunFinished = "run-finished";
    public const string RoundNotStarted = "round-not-started";
    public const string BatchNotGenerated = "batch-not-generated";
    public const string BatchNotVerified = "batch-not-verified";
    public const string BatchesNotVerified = "batches-not-verified";
    public const string BatchesNotEmbedded = "batches-not-embedded";
    public const string RoundNotClustered = "round-not-clustered";
    public const string RunNotFinished = "run-not-finished";
}

/// <summary>
/// Stage order as an invariant of the domain: whether a command may run now, decided from the run's config and
/// what the log says (<see cref="StageFacts"/>), with no I/O. A stage runs only when its predecessors for that
/// round and batch are complete, within the run's rounds and batches, and never after the run's seal. Its edges
/// are those of <see cref="StageTable"/> read backwards: the relay sends a command exactly when this admits it,
/// and HTTP, the CLI and anyone with broker access are held to the same rule where the command lands.
/// </summary>
public static class StageGuard
{
    /// <summary>
    /// Null when <paramref name="command"/> may run; otherwise the first unmet condition: first what the command and
    /// config alone decide (round and batch in range, the stage configured), then the seal, then the predecessors.
    /// </summary>
    public static StageRefusal? Check(IStageCommand command, PipelineConfig config, StageFacts log) =>
        Shape(command, config)
        ?? (log.Sealed ? new StageRefusal(StageConditions.Sealed, $"run {command.RunId} is sealed: no stage runs after its seal.") : null)
        ?? Predecessors(command, config, log);

    /// <summary>What the command and the run's config decide alone.</summary>
    private static StageRefusal? Shape(IStageCommand command, PipelineConfig config) => command switch
    {
        ImportSeeds => config.Seeds is null ? NoSeeds(command) : null,
        StartRound r => RoundInRange(r.Round, config),
        GenerateCandidates or VerifyBatch => Batch((IBatchCommand)command, config),
        EmbedBatch { Round: 0 } e => config.Diversity is null ? NoDiversity(StageTable.Embed)
            // Round 0 is the seed pool, embedded as one batch before round 1.
            : config.Seeds is null ? NoSeeds(e)
            : e.Batch != 0 ? new(StageConditions.BatchOutOfRange, "the seed pool (round 0) is one batch, batch 0.")
            : null,
        EmbedBatch e => config.Diversity is null ? NoDiversity(StageTable.Embed) : Batch(e, config),
        ClusterPool c => config.Diversity is null ? NoDiversity(StageTable.Cluster) : RoundInRange(c.Round, config),
        FilterBatch f => RoundInRange(f.Round, config),
        SealVersion => null,
        _ => throw new ArgumentException($"{command.GetType().Name} has no precondition", nameof(command)),
    };

    /// <summary>What the log must already hold.</summary>
    private static StageRefusal? Predecessors(IStageCommand command, PipelineConfig config, StageFacts log) => command switch
    {
        ImportSeeds => null,
        StartRound r => Opens(r.Round, config, log),
        GenerateCandidates g => log.RoundStarted ? null : new(StageConditions.RoundNotStarted, $"round {g.Round} has not been started."),
        VerifyBatch v => log.BatchGenerated ? null
            : new(StageConditions.BatchNotGenerated, $"batch {v.Batch} of round {v.Round} has not been generated."),
        EmbedBatch { Round: 0 } => log.SeedsImported ? null : new(StageConditions.SeedsNotImported, "the seed pool has not been imported."),
        EmbedBatch e => log.BatchVerified ? null
            : new(StageConditions.BatchNotVerified, $"batch {e.Batch} of round {e.Round} has not been verified."),
        ClusterPool c => log.EmbeddedBatches >= config.BatchesPerRound ? null
            : new(StageConditions.BatchesNotEmbedded, $"{log.EmbeddedBatches} of {config.BatchesPerRound} batches of round {c.Round} are embedded."),
        FilterBatch f => log.VerifiedBatches < config.BatchesPerRound
            ? new(StageConditions.BatchesNotVerified, $"{log.VerifiedBatches} of {config.BatchesPerRound} batches of round {f.Round} are verified.")
            : config.Diversity is not null && !log.Clustered
                ? new(StageConditions.RoundNotClustered, $"round {f.Round} has not been clustered.")
                : null,
        _ => log.Filtered.Any(f => EndsRun(f.Key, f.Value, config)) ? null
            : new(StageConditions.RunNotFinished,
                $"no round has ended the run: round {config.Rounds} is not filtered{(config.TargetSize is int t ? $" and no filtered round reached the target of {t}" : "")}."),
    };

    /// <summary>
    /// Whether the filtered round <paramref name="round"/>, having kept <paramref name="totalKept"/> in all, is the
    /// run's last: the rounds are used up, or the target size is reached. After it the run seals; before it, the next round starts.
    /// </summary>
    public static bool EndsRun(int round, int? totalKept, PipelineConfig config) =>
        round >= config.Rounds || config.TargetSize is int target && totalKept >= target;

    private static StageRefusal? Opens(int round, PipelineConfig config, StageFacts log)
    {
        if (round == 1)
        {
            if (config.Seeds is null) return null;
            if (!log.SeedsImported) return new(StageConditions.SeedsNotImported, "the seed pool has not been imported.");
            return config.Diversity is not null && !log.SeedPoolEmbedded
                ? new(StageConditions.SeedPoolNotEmbedded, "the seed pool (round 0) has not been embedded.")
                : null;
        }
        if (!log.Filtered.TryGetValue(round - 1, out var kept))
            return new(StageConditions.PreviousRoundNotFiltered, $"round {round - 1} has not been filtered.");
        return EndsRun(round - 1, kept, config)
            ? new(StageConditions.RunFinished, $"round {round - 1} reached the target size of {config.TargetSize}: the run seals instead.")
            : null;
    }

    private static StageRefusal? Batch(IBatchCommand command, PipelineConfig config) =>
        RoundInRange(command.Round, config)
        ?? (command.Batch >= 0 && command.Batch < config.BatchesPerRound ? null
            : new(StageConditions.BatchOutOfRange, $"batch {command.Batch} is outside 0..{config.BatchesPerRound - 1}: the run has {config.BatchesPerRound} batches per round."));

    private static StageRefusal? RoundInRange(int round, PipelineConfig config) =>
        round >= 1 && round <= config.Rounds ? null
            : new(StageConditions.RoundOutOfRange, $"round {round} is outside 1..{config.Rounds}: the run has {config.Rounds} round(s).");

    private static StageRefusal NoSeeds(IStageCommand command) =>
        new(StageConditions.NoSeeds, $"run {command.RunId} has no seed pool configured.");

    private static StageRefusal NoDiversity(Stage stage) =>
        new(StageConditions.NoDiversity, $"the run has no diversity settings: there is nothing to {stage.Name}.");
}
