using Lineage.Domain.Examples;
using Lineage.Domain.Pipelines;

namespace Lineage.Domain.Runs;

public enum RunState
{
    Running,
    Completed,
    Failed,
}

/// <summary>Per-round progress of every stage, in counts of batches and examples.</summary>
public sealed class RoundProgress
{
    public int Round { get; set; }
    public int Batches { get; set; }
    public int BatchSize { get; set; }
    public int GeneratedBatches { get; set; }
    public int Generated { get; set; }
    public int GenerationFailures { get; set; }
    public int VerifiedBatches { get; set; }
    public int Verified { get; set; }
    public int Rejected { get; set; }
    public int EmbeddedBatches { get; set; }
    public int Embedded { get; set; }
    public string? ClusteringId { get; set; }
    public int? ClusterCount { get; set; }
    public double? PoolGVendi { get; set; }
    public bool Filtered { get; set; }
    public int Kept { get; set; }
    public int Dropped { get; set; }
    public Dictionary<string, int> DroppedByRule { get; set; } = [];
    public double? GVendi { get; set; }
}

public sealed record StageFailure(string Stage, int? Round, int? Batch, string ExceptionType, string Message, DateTimeOffset FailedAt);

/// <summary>
/// One document per run: what each stage has done so far, for people to read. Projected asynchronously from every
/// <see cref="IRunEvent"/> that is not about a single example. Nothing that decides reads it: the relay and the
/// stages count completions in the log.
/// </summary>
public sealed class RunStatus
{
    public string Id { get; set; } = "";
    public string Pipeline { get; set; } = "";
    public PipelineConfig Config { get; set; } = new();
    public string ConfigHash { get; set; } = "";
    public long Seed { get; set; }
    public string? ParentVersionId { get; set; }
    public RunState State { get; set; }
    public DateTimeOffset StartedAt { get; set; }
    public DateTimeOffset? CompletedAt { get; set; }
    public int SeedsImported { get; set; }
    /// <summary>Seeds embedded in round 0, before round 1 can cluster against them.</summary>
    public int SeedsEmbedded { get; set; }
    public List<RoundProgress> Rounds { get; set; } = [];
    public List<StageFailure> Failures { get; set; } = [];
    public string? VersionId { get; set; }
    public string? ManifestHash { get; set; }

    public RoundProgress Round(int round) =>
        Rounds.FirstOrDefault(r => r.Round == round)
        ?? throw new InvalidOperationException($"run {Id} has no round {round}");

    public void Record(IRunEvent @event)
    {
        switch (@event)
        {
            case RunStarted e:
                (Id, Pipeline, Config, ConfigHash, Seed, ParentVersionId, StartedAt) =
                    (e.RunId, e.Pipeline, e.Config, e.ConfigHash, e.Seed, e.ParentVersionId, e.StartedAt);
                State = RunState.Running;
                break;
            case SeedsImported e:
                SeedsImported = e.Count;
                break;
            case RoundStarted e:
                Rounds.Add(new RoundProgress { Round = e.Round, Batches = e.Batches, BatchSize = e.BatchSize });
                break;
            case CandidatesGenerated e:
                var g = Round(e.Round);
                g.GeneratedBatches++;
                g.Generated += e.Count;
                g.GenerationFailures += e.Failed;
                break;
            case BatchVerified e:
                var v = Round(e.Round);
                v.VerifiedBatches++;
                v.Verified += e.Verified;
                v.Rejected += e.Rejected;
                break;
            case BatchEmbedded { Round: 0 } e:
                SeedsEmbedded += e.Embedded;
                break;
            case BatchEmbedded e:
                var m = Round(e.Round);
                m.EmbeddedBatches++;
                m.Embedded += e.Embedded;
                break;
            case ClusteringCompleted e:
                var c = Round(e.Round);
                (c.ClusteringId, c.ClusterCount, c.PoolGVendi) = (e.ClusteringId, e.K, e.PoolGVendi);
                break;
            case RoundFiltered e:
                var f = Round(e.Round);
                (f.Filtered, f.Kept, f.Dropped, f.GVendi) = (true, e.Kept, e.Dropped, e.GVendi);
                f.DroppedByRule = new Dictionary<string, int>(e.DroppedByRule);
                break;
            case StageFailed e:
                Failures.Add(new StageFailure(e.Stage, e.Round, e.Batch, e.ExceptionType, e.Message, e.FailedAt));
                State = RunState.Failed;
                break;
            case Versions.VersionSealed e:
                (VersionId, ManifestHash) = (e.VersionId, e.ManifestHash);
                break;
            case RunCompleted e:
                CompletedAt = e.CompletedAt;
                if (State != RunState.Failed) State = RunState.Completed;
                break;
            case IExampleEvent:
                break;
            default:
                throw new InvalidOperationException($"RunStatus has no rule for {@event.GetType().Name}");
        }
    }
}
