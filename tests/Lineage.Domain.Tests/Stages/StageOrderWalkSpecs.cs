using Lineage.Domain.Examples;
using Lineage.Domain.Messages;
using Lineage.Domain.Pipelines;
using Lineage.Domain.Runs;
using Lineage.Domain.Stages;
using Lineage.Domain.Versions;

namespace Lineage.Domain.Tests.Stages;

/// <summary>
/// The relay's edges and the guard agree: a run driven by <see cref="StagePlanner"/> alone, with the log kept by
/// a small simulator written here, has every command it sends admitted, ends sealed, and is refused a seal at
/// every step before its last round is filtered.
/// </summary>
[Trait("Category", "Unit")]
public class StageOrderWalkSpecs
{
    private const string Run = "run-000000000002";
    private static readonly DateTimeOffset At = new(2025, 1, 2, 3, 4, 5, TimeSpan.Zero);

    public static TheoryData<string> Configs => ["plain", "seeded", "diverse", "targeted"];

    private static PipelineConfig ConfigNamed(string name)
    {
        var plain = new PipelineConfig { Rounds = 3, BatchesPerRound = 2, BatchSize = 10 };
        var seeded = plain with { Seeds = new SeedPoolConfig { File = "train.jsonl", Limit = 5 } };
        return name switch
        {
            "plain" => plain,
            "seeded" => seeded,
            "diverse" => seeded with { Diversity = new DiversityConfig() },
            _ => plain with { Rounds = 5, TargetSize = 15 },
        };
    }

    /// <summary>What the simulated log holds: completed stage units by stage name, round and batch.</summary>
    private sealed class Log
    {
        public readonly HashSet<(string Stage, int Round, int Batch)> Done = [];
        public readonly Dictionary<int, int?> Filtered = [];
        public int Kept;

        public StageFacts For(IStageCommand command)
        {
            var (round, batch) = Stage.Coordinates(command);
            int r = round ?? 0, b = batch ?? 0;
            return new StageFacts
            {
                Sealed = Done.Contains(("seal", 0, 0)),
                SeedsImported = Done.Contains(("seeds", 0, 0)),
                SeedPoolEmbedded = Done.Contains(("embed", 0, 0)),
                RoundStarted = Done.Contains(("round", r, 0)),
                BatchGenerated = Done.Contains(("generate", r, b)),
                BatchVerified = Done.Contains(("verify", r, b)),
                VerifiedBatches = Done.Count(d => d.Stage == "verify" && d.Round == r),
                EmbeddedBatches = Done.Count(d => d.Stage == "embed" && d.Round == r),
                Clustered = Done.Contains(("cluster", r, 0)),
                Filtered = new Dictionary<int, int?>(Filtered),
            };
        }

        public IRunEvent Complete(IStageCommand command, PipelineConfig config)
        {
            var stage = StageTable.Of(command);
            var (round, batch) = Stage.Coordinates(command);
            int r = round ?? 0, b = batch ?? 0;
            Done.Add((stage.Name, r, b));
            switch (command)
            {
                case ImportSeeds: return new SeedsImported(Run, "train.jsonl", 5);
                case StartRound: return new RoundStarted(Run, r, config.BatchesPerRound, config.BatchSize, At);
                case GenerateCandidates: return new CandidatesGenerated(Run, r, b, 10, 0);
                case VerifyBatch: return new BatchVerified(Run, r, b, 8, 2);
                case EmbedBatch: return new BatchEmbedded(Run, r, b, 8, "proxy", "sha");
                case ClusterPool: return new ClusteringCompleted(Run, r, $"c{r}", 10, 2, 3, true, 0.5, 1, "addr", [5, 5], 1.5);
                case FilterBatch:
                    Kept += 6;
                    Filtered[r] = Kept;
                    return new RoundFiltered(Run, r, 6, 10, new Dictionary<string, int>(), null, Kept);
                default:
                    return new VersionSealed(Run, "ver-x", null, "p", "h", Kept, 0, Kept, 0, new Dictionary<string, int>(),
                        new Dictionary<string, double>(), "hash", At);
            }
        }
    }

    [Theory]
    [MemberData(nameof(Configs))]
    public void every_command_the_relay_sends_is_admitted_and_the_run_seals_once(string name)
    {
        var config = ConfigNamed(name);
        var log = new Log();
        var pending = new Queue<object>(StagePlanner.Next(new RunStarted(Run, "p", config, config.Hash(), 1, null, null, At), config));
        var seals = 0;
        while (pending.Count > 0)
        {
            var command = (IStageCommand)pending.Dequeue();
            var stage = StageTable.Of(command);
            var (round, batch) = Stage.Coordinates(command);
            // A command whose unit is done is a redelivery: the consumer stops before the guard.
            if (log.Done.Contains((stage.Name, round ?? 0, batch ?? 0))) continue;
            if (command is not SealVersion)
                Assert.Equal(StageConditions.RunNotFinished, StageGuard.Check(new SealVersion { RunId = Run }, config, log.For(command))?.Condition);
            Assert.Null(StageGuard.Check(command, config, log.For(command)));
            var completion = log.Complete(command, config);
            if (command is SealVersion) seals++;
            var completed = log.Done.Count(d => d.Stage == stage.Name && d.Round == (round ?? 0));
            foreach (var next in StagePlanner.Next(completion, config, completed)) pending.Enqueue(next);
        }
        Assert.Equal(1, seals);
        var expectedRounds = name == "targeted" ? 3 : config.Rounds; // 6 kept a round: the target of 15 is reached in round 3
        Assert.Equal(expectedRounds, log.Filtered.Count);
        // After the seal, nothing more is admitted: a fresh batch of a round within range included.
        var late = new GenerateCandidates { RunId = Run, Round = expectedRounds, Batch = 0 };
        Assert.Equal(StageConditions.Sealed, StageGuard.Check(late, config, log.For(late) with { RoundStarted = true })?.Condition);
    }
}
