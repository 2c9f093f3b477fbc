using Lineage.Domain.Examples;
using Lineage.Domain.Messages;
using Lineage.Domain.Pipelines;
using Lineage.Domain.Runs;
using Lineage.Domain.Versions;

namespace Lineage.Domain.Tests.Runs;

/// <summary>
/// What a run's log calls for and has not completed: what the sweeper sends when the relay missed an event. Each
/// case names the commands by hand, from the stage order the log stops in.
/// </summary>
[Trait("Category", "Unit")]
public class OutstandingCommandsSpecs
{
    private const string Run = "run-000000000002";
    private static readonly DateTimeOffset At = new(2025, 1, 2, 3, 4, 5, TimeSpan.Zero);
    private static readonly PipelineConfig OneRound = new() { Rounds = 1, BatchesPerRound = 3, BatchSize = 10 };
    private static readonly PipelineConfig Diverse = OneRound with
    {
        Seeds = new SeedPoolConfig { File = "train.jsonl", Limit = 5 },
        Diversity = new DiversityConfig(),
    };

    private static RunStarted Started(PipelineConfig config) => new(Run, "p", config, config.Hash(), 7, null, null, At);

    [Fact]
    public void a_run_that_only_started_calls_for_its_first_stage()
    {
        Assert.Equal([new StartRound { RunId = Run, Round = 1 }], StagePlanner.Outstanding([Started(OneRound)], OneRound));
        Assert.Equal([new ImportSeeds { RunId = Run }], StagePlanner.Outstanding([Started(Diverse)], Diverse));
    }

    [Fact]
    public void batches_not_yet_generated_and_generated_batches_not_yet_verified_are_outstanding_and_nothing_done_is()
    {
        IRunEvent[] log =
        [
            Started(OneRound), new RoundStarted(Run, 1, 3, 10, At),
            new CandidatesGenerated(Run, 1, 0, 10, 0), new CandidatesGenerated(Run, 1, 2, 10, 0),
            new BatchVerified(Run, 1, 0, 9, 1),
        ];
        Assert.Equal(
            [new GenerateCandidates { RunId = Run, Round = 1, Batch = 1 }, new VerifyBatch { RunId = Run, Round = 1, Batch = 2 }],
            StagePlanner.Outstanding(log, OneRound));
    }

    [Fact]
    public void the_round_stage_is_called_for_once_every_batch_is_in_the_log_whichever_completion_the_relay_saw()
    {
        // The relay saw batch 0's completion when only it was committed, and missed the other two: it sent nothing.
        IRunEvent[] log =
        [
            Started(OneRound), new RoundStarted(Run, 1, 3, 10, At),
            .. Enumerable.Range(0, 3).Select(b => new CandidatesGenerated(Run, 1, b, 10, 0)),
            .. Enumerable.Range(0, 3).Select(b => new BatchVerified(Run, 1, b, 9, 1)),
        ];
        Assert.Equal([new FilterBatch { RunId = Run, Round = 1 }], StagePlanner.Outstanding(log, OneRound));
    }

    [Fact]
    public void embedded_batches_call_for_clustering_and_the_embedded_seed_pool_for_round_one()
    {
        IRunEvent[] seeded = [Started(Diverse), new SeedsImported(Run, "train.jsonl", 5), new BatchEmbedded(Run, 0, 0, 5, "proxy", "w")];
        Assert.Equal([new StartRound { RunId = Run, Round = 1 }], StagePlanner.Outstanding(seeded, Diverse));

        IRunEvent[] embedded =
        [
            .. seeded, new RoundStarted(Run, 1, 3, 10, At),
            .. Enumerable.Range(0, 3).Select(b => new CandidatesGenerated(Run, 1, b, 10, 0)),
            .. Enumerable.Range(0, 3).Select(b => new BatchVerified(Run, 1, b, 9, 1)),
            .. Enumerable.Range(0, 2).Select(b => new BatchEmbedded(Run, 1, b, 9, "proxy", "w")),
        ];
        Assert.Equal([new EmbedBatch { RunId = Run, Round = 1, Batch = 2 }], StagePlanner.Outstanding(embedded, Diverse));
        Assert.Equal([new ClusterPool { RunId = Run, Round = 1 }],
            StagePlanner.Outstanding([.. embedded, new BatchEmbedded(Run, 1, 2, 9, "proxy", "w")], Diverse));
    }

    [Fact]
    public void a_filtered_last_round_calls_for_the_seal_and_a_sealed_run_for_nothing()
    {
        IRunEvent[] filtered =
        [
            Started(OneRound), new RoundStarted(Run, 1, 3, 10, At),
            .. Enumerable.Range(0, 3).Select(b => new CandidatesGenerated(Run, 1, b, 10, 0)),
            .. Enumerable.Range(0, 3).Select(b => new BatchVerified(Run, 1, b, 9, 1)),
            new RoundFiltered(Run, 1, 20, 7, new Dictionary<string, int>(), null, 20),
        ];
        Assert.Equal([new SealVersion { RunId = Run }], StagePlanner.Outstanding(filtered, OneRound));
        var sealedRun = new VersionSealed(Run, "ver-x", null, "p", "h", 20, 30, 20, 10, new Dictionary<string, int>(),
            new Dictionary<string, double>(), "m", At);
        Assert.Empty(StagePlanner.Outstanding([.. filtered, sealedRun], OneRound));
    }
}
