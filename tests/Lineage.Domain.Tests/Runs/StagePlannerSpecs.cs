using Lineage.Domain.Examples;
using Lineage.Domain.Messages;
using Lineage.Domain.Pipelines;
using Lineage.Domain.Runs;
using Lineage.Domain.Versions;

namespace Lineage.Domain.Tests.Runs;

[Trait("Category", "Unit")]
public class StagePlannerSpecs
{
    private const string Run = "run-000000000001";
    private static readonly DateTimeOffset At = new(2025, 1, 2, 3, 4, 5, TimeSpan.Zero);

    private static readonly PipelineConfig Plain = new() { Rounds = 2, BatchesPerRound = 3, BatchSize = 10 };
    private static readonly PipelineConfig WithSeeds = Plain with { Seeds = new SeedPoolConfig { File = "train.jsonl", Limit = 5 } };
    private static readonly PipelineConfig WithDiversity = WithSeeds with { Diversity = new DiversityConfig() };

    private static RunStarted Started(PipelineConfig config) => new(Run, "p", config, config.Hash(), 7, null, null, At);

    [Fact]
    public void a_run_without_seeds_starts_with_round_one()
    {
        Assert.Equal([new StartRound { RunId = Run, Round = 1 }], StagePlanner.Next(Started(Plain), Plain));
    }

    [Fact]
    public void a_run_with_seeds_imports_them_first_and_nothing_else()
    {
        Assert.Equal([new ImportSeeds { RunId = Run }], StagePlanner.Next(Started(WithSeeds), WithSeeds));
        Assert.Equal([new ImportSeeds { RunId = Run }], StagePlanner.Next(Started(WithDiversity), WithDiversity));
    }

    [Fact]
    public void imported_seeds_open_round_one_without_diversity_and_are_embedded_as_round_zero_with_it()
    {
        var imported = new SeedsImported(Run, "train.jsonl", 5);
        Assert.Equal([new StartRound { RunId = Run, Round = 1 }], StagePlanner.Next(imported, WithSeeds));
        Assert.Equal([new EmbedBatch { RunId = Run, Round = 0, Batch = 0 }], StagePlanner.Next(imported, WithDiversity));
    }

    [Fact]
    public void the_embedded_seed_pool_opens_round_one()
    {
        var embedded = new BatchEmbedded(Run, 0, 0, 5, "proxy", "abc");
        Assert.Equal([new StartRound { RunId = Run, Round = 1 }], StagePlanner.Next(embedded, WithDiversity, completedBatches: 1));
    }

    [Fact]
    public void a_started_round_generates_each_of_its_batches_once()
    {
        var commands = StagePlanner.Next(new RoundStarted(Run, 2, 3, 10, At), Plain);
        Assert.Equal(
        [
            new GenerateCandidates { RunId = Run, Round = 2, Batch = 0 },
            new GenerateCandidates { RunId = Run, Round = 2, Batch = 1 },
            new GenerateCandidates { RunId = Run, Round = 2, Batch = 2 },
        ], commands);
    }

    [Fact]
    public void the_batch_count_comes_from_the_round_event_not_the_config()
    {
        // The round event snapshots the batch count; a config read later must not change the fan-out.
        var commands = StagePlanner.Next(new RoundStarted(Run, 1, 5, 10, At), Plain);
        Assert.Equal(5, commands.Count);
        Assert.Equal(new GenerateCandidates { RunId = Run, Round = 1, Batch = 4 }, commands[^1]);
    }

    [Fact]
    public void a_generated_batch_is_verified_as_the_same_batch()
    {
        Assert.Equal([new VerifyBatch { RunId = Run, Round = 2, Batch = 1 }],
            StagePlanner.Next(new CandidatesGenerated(Run, 2, 1, 10, 0), Plain));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void a_verified_batch_sends_nothing_while_other_batches_of_the_round_are_unverified(int completed)
    {
        Assert.Empty(StagePlanner.Next(new BatchVerified(Run, 1, 0, 9, 1), Plain, completed));
    }

    [Fact]
    public void the_last_verified_batch_of_a_round_filters_the_round()
    {
        Assert.Equal([new FilterBatch { RunId = Run, Round = 1 }],
            StagePlanner.Next(new BatchVerified(Run, 1, 1, 9, 1), Plain, completedBatches: 3));
    }

    [Fact]
    public void with_diversity_every_verified_batch_is_embedded_whatever_the_count()
    {
        var verified = new BatchVerified(Run, 1, 2, 9, 1);
        Assert.Equal([new EmbedBatch { RunId = Run, Round = 1, Batch = 2 }], StagePlanner.Next(verified, WithDiversity, 1));
        Assert.Equal([new EmbedBatch { RunId = Run, Round = 1, Batch = 2 }], StagePlanner.Next(verified, WithDiversity, 3));
    }

    [Fact]
    public void embedded_batches_cluster_the_pool_only_when_all_of_the_round_are_embedded()
    {
        var embedded = new BatchEmbedded(Run, 1, 2, 10, "proxy", "abc");
        Assert.Empty(StagePlanner.Next(embedded, WithDiversity, 2));
        Assert.Equal([new ClusterPool { RunId = Run, Round = 1 }], StagePlanner.Next(embedded, WithDiversity, 3));
    }

    [Fact]
    public void a_clustered_pool_filters_its_round()
    {
        var clustered = new ClusteringCompleted(Run, 2, "c", 100, 10, 5, true, 0.5, 17, "blob", [10], 3.0);
        Assert.Equal([new FilterBatch { RunId = Run, Round = 2 }], StagePlanner.Next(clustered, WithDiversity));
    }

    [Fact]
    public void a_filtered_round_before_the_last_opens_the_next_round()
    {
        Assert.Equal([new StartRound { RunId = Run, Round = 2 }],
            StagePlanner.Next(new RoundFiltered(Run, 1, 8, 2, new Dictionary<string, int>(), null), Plain));
    }

    [Theory]
    [InlineData(99, "round")]   // below the target: the next round
    [InlineData(100, "seal")]   // reached in round 1 of 2: sealed early
    [InlineData(null, "round")] // an event from before totals were recorded never stops a run
    public void a_target_size_seals_the_version_once_the_kept_total_reaches_it(int? totalKept, string next)
    {
        var config = Plain with { TargetSize = 100 };
        var filtered = new RoundFiltered(Run, 1, 40, 2, new Dictionary<string, int>(), null, totalKept);
        object expected = next == "seal" ? new SealVersion { RunId = Run } : new StartRound { RunId = Run, Round = 2 };
        Assert.Equal([expected], StagePlanner.Next(filtered, config));
    }

    [Fact]
    public void the_last_filtered_round_seals_the_version()
    {
        Assert.Equal([new SealVersion { RunId = Run }],
            StagePlanner.Next(new RoundFiltered(Run, 2, 8, 2, new Dictionary<string, int>(), null), Plain));
    }

    public static TheoryData<object> EventsThatMoveNothing => new()
    {
        new ExampleGenerated(Run, "x", 1, 0, 0, "procedural", "g", null, "t", [], new SamplingParameters(0, 1, null, 1), "p", "s", "1", "raw",
            new Dictionary<string, string>()),
        new ExampleKept(Run, "x", 1, ["length"], "ok", new DecisionEvidence()),
        new StageFailed(Run, "generate", 1, 0, "E", "m", At),
        new VersionSealed(Run, "ver-1", null, "p", "h", 1, 1, 1, 0, new Dictionary<string, int>(), new Dictionary<string, double>(), "m", At),
        new RunCompleted(Run, "ver-1", At),
    };

    [Theory]
    [MemberData(nameof(EventsThatMoveNothing))]
    public void per_example_events_failures_and_the_seal_send_no_command(object @event)
    {
        Assert.Empty(StagePlanner.Next(@event, Plain, completedBatches: 3));
    }
}
