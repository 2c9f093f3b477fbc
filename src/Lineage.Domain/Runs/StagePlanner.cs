using Lineage.Domain.Examples;
using Lineage.Domain.Messages;
using Lineage.Domain.Pipelines;

namespace Lineage.Domain.Runs;

/// <summary>
/// Which stage command follows a committed event: the routing table of the pipeline, as a pure
/// function of the event, the run's config and, for batch stages, how many batches of that stage
/// and round have completed (counted from the event log, never from a projection that could lag).
/// The relay sends what this returns.
/// A command may be returned more than once (two batches finishing in one page); consumers are
/// idempotent, so that costs a no-op, never a duplicate event.
/// </summary>
public static class StagePlanner
{
    public static IReadOnlyList<object> Next(object @event, PipelineConfig config, int completedBatches = 0)
    {
        var diversity = config.Diversity is not null;
        switch (@event)
        {
            case RunStarted e:
                return config.Seeds is not null
                    ? [new ImportSeeds { RunId = e.RunId }]
                    : [new StartRound { RunId = e.RunId, Round = 1 }];
            case SeedsImported e:
                return diversity
                    ? [new EmbedBatch { RunId = e.RunId, Round = 0, Batch = 0 }]
                    : [new StartRound { RunId = e.RunId, Round = 1 }];
            case RoundStarted e:
                return Enumerable.Range(0, e.Batches)
                    .Select(b => (object)new GenerateCandidates { RunId = e.RunId, Round = e.Round, Batch = b })
                    .ToList();
            case CandidatesGenerated e:
                return [new VerifyBatch { RunId = e.RunId, Round = e.Round, Batch = e.Batch }];
            case BatchVerified e:
                if (diversity) return [new EmbedBatch { RunId = e.RunId, Round = e.Round, Batch = e.Batch }];
                return completedBatches >= config.BatchesPerRound
                    ? [new FilterBatch { RunId = e.RunId, Round = e.Round }]
                    : [];
            case BatchEmbedded { Round: 0 } e:
                // The seed pool is embedded before round 1 so that round 1 already has a pool to cluster.
                return [new StartRound { RunId = e.RunId, Round = 1 }];
            case BatchEmbedded e:
                return completedBatches >= config.BatchesPerRound
                    ? [new ClusterPool { RunId = e.RunId, Round = e.Round }]
                    : [];
            case ClusteringCompleted e:
                return [new FilterBatch { RunId = e.RunId, Round = e.Round }];
            case RoundFiltered e:
                // Rounds is the cap; a target size, once reached, seals early.
                var reached = config.TargetSize is int target && e.TotalKept >= target;
                return e.Round < config.Rounds && !reached
                    ? [new StartRound { RunId = e.RunId, Round = e.Round + 1 }]
                    : [new SealVersion { RunId = e.RunId }];
            default:
                return [];
        }
    }
}
