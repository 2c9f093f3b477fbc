using Lineage.Domain.Messages;
using Lineage.Domain.Pipelines;
using Lineage.Domain.Stages;

namespace Lineage.Domain.Runs;

/// <summary>
/// Which stage command follows a committed event: the edges of <see cref="StageTable"/>, as a pure function of
/// the event, the run's config and, for batch stages, how many batches of that stage and round have completed
/// (counted from the event log, never from a projection that could lag). The relay sends what this returns.
/// A command may be returned more than once (two batches finishing in one page); consumers are
/// idempotent, so that costs a no-op, never a duplicate event.
/// </summary>
public static class StagePlanner
{
    /// <summary>The events the relay must see: a run's start and every stage's completion.</summary>
    public static IReadOnlyList<Type> EventTypes { get; } = [typeof(RunStarted), .. StageTable.All.Select(s => s.Completion)];

    public static IReadOnlyList<object> Next(object @event, PipelineConfig config, int completedBatches = 0) => @event switch
    {
        RunStarted e => config.Seeds is not null
            ? [new ImportSeeds { RunId = e.RunId }]
            : [new StartRound { RunId = e.RunId, Round = 1 }],
        IRunEvent e when StageTable.CompletedBy(e.GetType()) is { } stage => [.. stage.Next(e, config, completedBatches)],
        _ => [],
    };
}
