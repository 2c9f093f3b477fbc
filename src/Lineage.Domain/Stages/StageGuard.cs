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
    /// <summary>Null when <paramref name="command"/> may run; otherwise the first unmet condition.</summary>
    public static StageRefusal? Check(IStageCommand command, PipelineConfig config, StageFacts log)
    {
        var stage = StageTable.Of(command);
        if (log.Sealed)
            return new(StageConditions.Sealed, $"run {command.RunId} is sealed: no stage runs after its seal.");
        return command switch
        {
            ImportSeeds => config.Seeds is null ? NoSeeds(command) : null,
            StartRound r => RoundInRange(r.Round, config) ?? Opens(r.Round, config, log),
            GenerateCandidates g => Batch(g, config) ?? (log.RoundStarted ? null : NotStarted(g.Round)),
            VerifyBatch v => Batch(v, config)
                ?? (log.BatchGenerated ? null : new(StageConditions.BatchNotGenerated, $"batch {v.Batch} of round {v.Round} has not been generated.")),
            EmbedBatch e => Embed(e, config, log),
            ClusterPool c => config.Diversity is null ? NoDiversity(stage)
                : RoundInRange(c.Round, config)
                ?? (log.EmbeddedBatches >= config.BatchesPerRound ? null
                    : new(StageConditions.BatchesNotEmbedded, $"{log.EmbeddedBatches} of {config.BatchesPerRound} batches of round {c.Round} are embedded.")),
            FilterBatch f => RoundInRange(f.Round, config)
                ?? (log.VerifiedBatches < config.BatchesPerRound
                    ? new(StageConditions.BatchesNotVerified, $"{log.VerifiedBatches} of {config.BatchesPerRound} batches of round {f.Round} are verified.")
                    : config.Diversity is not null && !log.Clustered
                        ? new(StageConditions.RoundNotClustered, $"round {f.Round} has not been clustered.")
                        : null),
            SealVersion => log.Filtered.Any(f => EndsRun(f.Key, f.Value, config)) ? null
                : new(StageConditions.RunNotFinished,
                    $"no round has ended the run: round {config.Rounds} is not filtered{(config.TargetSize is int t ? $" and no filtered round reached the target of {t}" : "")}."),
            _ => throw new ArgumentException($"{command.GetType().Name} has no precondition", nameof(command)),
        };
    }

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

    private static StageRefusal? Embed(EmbedBatch e, PipelineConfig config, StageFacts log)
    {
        if (config.Diversity is null) return NoDiversity(StageTable.Embed);
        if (e.Round != 0)
            return Batch(e, config)
                ?? (log.BatchVerified ? null : new(StageConditions.BatchNotVerified, $"batch {e.Batch} of round {e.Round} has not been verified."));
        // Round 0 is the seed pool, embedded as one batch before round 1.
        if (config.Seeds is null) return NoSeeds(e);
        if (e.Batch != 0) return new(StageConditions.BatchOutOfRange, "the seed pool (round 0) is one batch, batch 0.");
        return log.SeedsImported ? null : new(StageConditions.SeedsNotImported, "the seed pool has not been imported.");
    }

    private static StageRefusal? Batch(IBatchCommand command, PipelineConfig config) =>
        RoundInRange(command.Round, config)
        ?? (command.Batch >= 0 && command.Batch < config.BatchesPerRound ? null
            : new(StageConditions.BatchOutOfRange, $"batch {command.Batch} is outside 0..{config.BatchesPerRound - 1}: the run has {config.BatchesPerRound} batches per round."));

    private static StageRefusal? RoundInRange(int round, PipelineConfig config) =>
        round >= 1 && round <= config.Rounds ? null
            : new(StageConditions.RoundOutOfRange, $"round {round} is outside 1..{config.Rounds}: the run has {config.Rounds} round(s).");

    private static StageRefusal NotStarted(int round) => new(StageConditions.RoundNotStarted, $"round {round} has not been started.");

    private static StageRefusal NoSeeds(IStageCommand command) =>
        new(StageConditions.NoSeeds, $"run {command.RunId} has no seed pool configured.");

    private static StageRefusal NoDiversity(Stage stage) =>
        new(StageConditions.NoDiversity, $"the run has no diversity settings: there is nothing to {stage.Name}.");
}
