using Lineage.Domain.Messages;
using Lineage.Domain.Pipelines;
using Lineage.Domain.Runs;

namespace Lineage.Domain.Stages;

/// <summary>What one command of a stage addresses: the whole run, one round, or one batch of a round.</summary>
public enum StageScope
{
    Run,
    Round,
    Batch,
}

/// <summary>
/// One stage of the pipeline, as data: its command, the event that records one unit of it done, what that
/// event sets in motion, and how far along a run is. Queue names, consumer registration, fault handling,
/// stage triggers (HTTP and CLI), the relay's subscription and the progress view are all derived from
/// <see cref="StageTable.All"/>.
/// </summary>
/// <param name="Name">The stage's name: its queue suffix, its trigger word, its progress label.</param>
/// <param name="Completion">The event the stage appends when one command's work is done.</param>
/// <param name="OnDevice">Runs tensors (embed, cluster): one message at a time per worker, so an idle GPU worker can take the next.</param>
/// <param name="Create">The command for a run, round and batch (round and batch ignored where the scope has none).</param>
/// <param name="Next">The commands the completion event sets in motion, given the run's config and how many batches of
/// that stage and round are complete (counted from the log). Consumers are idempotent, so a command may be returned twice.</param>
/// <param name="Progress">Share of the run's work done, in [0, 1], or null where the config skips the stage.</param>
public sealed record Stage(
    string Name,
    Type Command,
    Type Completion,
    StageScope Scope,
    bool OnDevice,
    Func<string, int, int, IStageCommand> Create,
    Func<IRunEvent, PipelineConfig, int, IReadOnlyList<IStageCommand>> Next,
    Func<RunStatus, double?> Progress)
{
    /// <summary>Round and batch of a command of this stage, null where its scope has none.</summary>
    public static (int? Round, int? Batch) Coordinates(IStageCommand command) => command switch
    {
        IBatchCommand b => (b.Round, b.Batch),
        IRoundCommand r => (r.Round, null),
        _ => (null, null),
    };

    public override string ToString() => Name;
}
