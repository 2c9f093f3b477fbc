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

    /// <summary>
    /// The commands a run's log calls for that have not completed: the edges of every event in
    /// <paramref name="log"/> (the run's start and its stages' completions), with batch counts taken over the whole
    /// log, less the commands whose own completion is in it, each once. For a run whose relay saw every event this
    /// is only what is running now; when the relay missed one, it is what was never sent.
    /// </summary>
    public static IReadOnlyList<IStageCommand> Outstanding(IReadOnlyList<IRunEvent> log, PipelineConfig config)
    {
        var done = log.Select(CompletionKey).OfType<string>().ToHashSet(StringComparer.Ordinal);
        var batches = log.OfType<IBatchEvent>().GroupBy(e => (e.GetType(), e.Round)).ToDictionary(g => g.Key, g => g.Count());
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var outstanding = new List<IStageCommand>();
        foreach (var e in log)
        {
            var completed = e is IBatchEvent b ? batches[(b.GetType(), b.Round)] : 0;
            foreach (var command in Next(e, config, completed).OfType<IStageCommand>())
            {
                var key = CommandKey(command);
                if (!done.Contains(key) && seen.Add(key)) outstanding.Add(command);
            }
        }
        return outstanding;
    }

    private static string CommandKey(IStageCommand command)
    {
        var (round, batch) = Stage.Coordinates(command);
        return $"{StageTable.Of(command).Name}:{round}:{batch}";
    }

    private static string? CompletionKey(IRunEvent e) => StageTable.CompletedBy(e.GetType()) is { } stage
        ? $"{stage.Name}:{(stage.Scope == StageScope.Run ? null : (e as IRoundEvent)?.Round)}:{(e as IBatchEvent)?.Batch}"
        : null;
}
