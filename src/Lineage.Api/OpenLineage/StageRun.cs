using Lineage.Domain.Messages;
using Lineage.Domain.Runs;
using Lineage.Domain.Stages;

namespace Lineage.Api.OpenLineage;

/// <summary>
/// One stage command's work (generate round 2 batch 1, the cluster of round 3, the seal): what OpenLineage calls a
/// run of the stage's job. Its key is built from the stage table's name and scope alone, so every stage has one
/// without a list of its own, and its UUID is version 5 of the key.
/// </summary>
public sealed record StageRun(Stage Stage, string RunId, int? Round, int? Batch)
{
    /// <summary><c>run:{id}:{stage}</c>, <c>run:{id}:r{n}:{stage}</c> or <c>run:{id}:r{n}:{stage}:{b}</c>, by the stage's scope.</summary>
    public string Key => Stage.Scope switch
    {
        StageScope.Run => $"{RunIds.Streams.Run(RunId)}:{Stage.Name}",
        StageScope.Round => $"{RunIds.Streams.Round(RunId, Round ?? 0)}:{Stage.Name}",
        _ => $"{RunIds.Streams.Round(RunId, Round ?? 0)}:{Stage.Name}:{Batch ?? 0}",
    };

    public Guid Uuid => NameBasedUuid.V5(NameBasedUuid.LineageNamespace, Key);

    /// <summary>The UUID of a Lineage run: version 5 of its stream key, <c>run:{id}</c>.</summary>
    public static Guid RunUuid(string runId) => NameBasedUuid.V5(NameBasedUuid.LineageNamespace, RunIds.Streams.Run(runId));

    public static StageRun Of(IStageCommand command)
    {
        var (round, batch) = Stage.Coordinates(command);
        return new StageRun(StageTable.Of(command), command.RunId, round, batch);
    }

    /// <summary>The stage run a completion event closes, or null when the event completes no stage.</summary>
    public static StageRun? CompletedBy(IRunEvent e) => StageTable.CompletedBy(e.GetType()) is { } stage
        ? new StageRun(stage, e.RunId, (e as IRoundEvent)?.Round, (e as IBatchEvent)?.Batch)
        : null;

    /// <summary>The stage run a failure names, or null for a stage this build does not know.</summary>
    public static StageRun? FailedBy(StageFailed e) => StageTable.Named(e.Stage) is { } stage
        ? new StageRun(stage, e.RunId, e.Round, e.Batch)
        : null;
}
