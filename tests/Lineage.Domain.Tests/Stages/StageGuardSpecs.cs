using Lineage.Domain.Messages;
using Lineage.Domain.Pipelines;
using Lineage.Domain.Stages;

namespace Lineage.Domain.Tests.Stages;

/// <summary>Each stage's preconditions, one refusal per unmet condition and one admission when all are met.</summary>
[Trait("Category", "Unit")]
public class StageGuardSpecs
{
    private const string Run = "run-000000000001";

    private static readonly PipelineConfig Plain = new() { Rounds = 2, BatchesPerRound = 3, BatchSize = 10 };
    private static readonly PipelineConfig Seeded = Plain with { Seeds = new SeedPoolConfig { File = "train.jsonl", Limit = 5 } };
    private static readonly PipelineConfig Diverse = Seeded with { Diversity = new DiversityConfig() };
    private static readonly PipelineConfig Targeted = Plain with { Rounds = 5, TargetSize = 100 };

    private static StageFacts Facts(params (int Round, int? Kept)[] filtered) =>
        StageFacts.None with { Filtered = filtered.ToDictionary(f => f.Round, f => f.Kept) };

    private static string? Condition(IStageCommand command, PipelineConfig config, StageFacts facts) =>
        StageGuard.Check(command, config, facts)?.Condition;

    [Fact]
    public void no_stage_runs_after_the_seal_whatever_else_the_log_says()
    {
        var all = StageFacts.None with
        {
            Sealed = true, SeedsImported = true, SeedPoolEmbedded = true, RoundStarted = true, BatchGenerated = true,
            BatchVerified = true, VerifiedBatches = 3, EmbeddedBatches = 3, Clustered = true, Filtered = new Dictionary<int, int?> { [1] = 4 },
        };
        foreach (var stage in StageTable.All)
            Assert.Equal(StageConditions.Sealed, Condition(stage.Create(Run, 1, 0), Diverse, all));
    }

    [Fact]
    public void seeds_are_imported_only_where_the_config_names_a_seed_pool()
    {
        Assert.Equal(StageConditions.NoSeeds, Condition(new ImportSeeds { RunId = Run }, Plain, StageFacts.None));
        Assert.Null(Condition(new ImportSeeds { RunId = Run }, Seeded, StageFacts.None));
    }

    [Fact]
    public void round_one_waits_for_the_seed_pool_and_with_diversity_for_its_embedding()
    {
        var round1 = new StartRound { RunId = Run, Round = 1 };
        Assert.Null(Condition(round1, Plain, StageFacts.None));
        Assert.Equal(StageConditions.SeedsNotImported, Condition(round1, Seeded, StageFacts.None));
        Assert.Null(Condition(round1, Seeded, StageFacts.None with { SeedsImported = true }));
        Assert.Equal(StageConditions.SeedPoolNotEmbedded, Condition(round1, Diverse, StageFacts.None with { SeedsImported = true }));
        Assert.Null(Condition(round1, Diverse, StageFacts.None with { SeedsImported = true, SeedPoolEmbedded = true }));
    }

    [Fact]
    public void a_later_round_waits_for_the_previous_round_to_be_filtered()
    {
        var round2 = new StartRound { RunId = Run, Round = 2 };
        Assert.Equal(StageConditions.PreviousRoundNotFiltered, Condition(round2, Plain, StageFacts.None));
        Assert.Equal(StageConditions.PreviousRoundNotFiltered, Condition(round2, Plain, Facts((2, 1))));
        Assert.Null(Condition(round2, Plain, Facts((1, 7))));
    }

    [Fact]
    public void rounds_beyond_the_config_or_below_one_are_refused()
    {
        Assert.Equal(StageConditions.RoundOutOfRange, Condition(new StartRound { RunId = Run, Round = 3 }, Plain, Facts((1, 1), (2, 2))));
        Assert.Equal(StageConditions.RoundOutOfRange, Condition(new StartRound { RunId = Run, Round = 99 }, Plain, Facts((98, 1))));
        Assert.Equal(StageConditions.RoundOutOfRange, Condition(new StartRound { RunId = Run, Round = 0 }, Plain, StageFacts.None));
        var started = StageFacts.None with { RoundStarted = true, BatchGenerated = true, VerifiedBatches = 3 };
        Assert.Equal(StageConditions.RoundOutOfRange, Condition(new GenerateCandidates { RunId = Run, Round = 3, Batch = 0 }, Plain, started));
        Assert.Equal(StageConditions.RoundOutOfRange, Condition(new VerifyBatch { RunId = Run, Round = 3, Batch = 0 }, Plain, started));
        Assert.Equal(StageConditions.RoundOutOfRange, Condition(new FilterBatch { RunId = Run, Round = 99 }, Plain, started));
        Assert.Equal(StageConditions.RoundOutOfRange, Condition(new ClusterPool { RunId = Run, Round = 0 }, Diverse, started));
    }

    [Fact]
    public void a_round_after_the_one_that_reached_the_target_is_refused()
    {
        var round3 = new StartRound { RunId = Run, Round = 3 };
        Assert.Equal(StageConditions.RunFinished, Condition(round3, Targeted, Facts((1, 60), (2, 100))));
        Assert.Null(Condition(round3, Targeted, Facts((1, 60), (2, 99))));
    }

    [Fact]
    public void generation_waits_for_its_round_and_stays_within_its_batches()
    {
        var batch2 = new GenerateCandidates { RunId = Run, Round = 1, Batch = 2 };
        Assert.Equal(StageConditions.RoundNotStarted, Condition(batch2, Plain, StageFacts.None));
        Assert.Null(Condition(batch2, Plain, StageFacts.None with { RoundStarted = true }));
        Assert.Equal(StageConditions.BatchOutOfRange,
            Condition(batch2 with { Batch = 3 }, Plain, StageFacts.None with { RoundStarted = true }));
        Assert.Equal(StageConditions.BatchOutOfRange,
            Condition(batch2 with { Batch = -1 }, Plain, StageFacts.None with { RoundStarted = true }));
    }

    [Fact]
    public void verification_waits_for_its_batch_to_be_generated()
    {
        var verify = new VerifyBatch { RunId = Run, Round = 1, Batch = 0 };
        Assert.Equal(StageConditions.BatchNotGenerated, Condition(verify, Plain, StageFacts.None with { RoundStarted = true }));
        Assert.Null(Condition(verify, Plain, StageFacts.None with { BatchGenerated = true }));
        Assert.Equal(StageConditions.BatchOutOfRange, Condition(verify with { Batch = 7 }, Plain, StageFacts.None with { BatchGenerated = true }));
    }

    [Fact]
    public void embedding_needs_diversity_and_a_verified_batch_or_in_round_zero_the_imported_seed_pool()
    {
        var embed = new EmbedBatch { RunId = Run, Round = 1, Batch = 1 };
        Assert.Equal(StageConditions.NoDiversity, Condition(embed, Seeded, StageFacts.None with { BatchVerified = true }));
        Assert.Equal(StageConditions.BatchNotVerified, Condition(embed, Diverse, StageFacts.None with { BatchGenerated = true }));
        Assert.Null(Condition(embed, Diverse, StageFacts.None with { BatchVerified = true }));

        var seeds = new EmbedBatch { RunId = Run, Round = 0, Batch = 0 };
        Assert.Equal(StageConditions.SeedsNotImported, Condition(seeds, Diverse, StageFacts.None));
        Assert.Null(Condition(seeds, Diverse, StageFacts.None with { SeedsImported = true }));
        Assert.Equal(StageConditions.BatchOutOfRange, Condition(seeds with { Batch = 1 }, Diverse, StageFacts.None with { SeedsImported = true }));
        Assert.Equal(StageConditions.NoSeeds, Condition(seeds, Diverse with { Seeds = null }, StageFacts.None));
    }

    [Fact]
    public void clustering_waits_for_every_batch_of_its_round_to_be_embedded()
    {
        var cluster = new ClusterPool { RunId = Run, Round = 1 };
        Assert.Equal(StageConditions.NoDiversity, Condition(cluster, Seeded, StageFacts.None with { EmbeddedBatches = 3 }));
        Assert.Equal(StageConditions.BatchesNotEmbedded, Condition(cluster, Diverse, StageFacts.None with { EmbeddedBatches = 2 }));
        Assert.Null(Condition(cluster, Diverse, StageFacts.None with { EmbeddedBatches = 3 }));
    }

    [Fact]
    public void the_filter_waits_for_every_batch_to_be_verified_and_with_diversity_for_the_clustering()
    {
        var filter = new FilterBatch { RunId = Run, Round = 1 };
        Assert.Equal(StageConditions.BatchesNotVerified, Condition(filter, Plain, StageFacts.None with { VerifiedBatches = 2 }));
        Assert.Null(Condition(filter, Plain, StageFacts.None with { VerifiedBatches = 3 }));
        Assert.Equal(StageConditions.RoundNotClustered, Condition(filter, Diverse, StageFacts.None with { VerifiedBatches = 3, EmbeddedBatches = 3 }));
        Assert.Null(Condition(filter, Diverse, StageFacts.None with { VerifiedBatches = 3, Clustered = true }));
    }

    [Fact]
    public void the_seal_waits_for_the_last_round_or_the_round_that_reached_the_target()
    {
        var seal = new SealVersion { RunId = Run };
        Assert.Equal(StageConditions.RunNotFinished, Condition(seal, Plain, StageFacts.None));
        Assert.Equal(StageConditions.RunNotFinished, Condition(seal, Plain, Facts((1, 10))));
        Assert.Null(Condition(seal, Plain, Facts((1, 10), (2, 20))));
        Assert.Equal(StageConditions.RunNotFinished, Condition(seal, Targeted, Facts((1, 99))));
        Assert.Null(Condition(seal, Targeted, Facts((1, 100))));
        // A round filtered before kept totals were recorded counts as having kept none.
        Assert.Equal(StageConditions.RunNotFinished, Condition(seal, Targeted, Facts((1, null))));
    }

    [Fact]
    public void every_refusal_names_its_condition_in_a_sentence()
    {
        var refusal = StageGuard.Check(new FilterBatch { RunId = Run, Round = 1 }, Plain, StageFacts.None with { VerifiedBatches = 1 });
        Assert.NotNull(refusal);
        Assert.Contains("1 of 3 batches of round 1", refusal.Reason);
    }
}
