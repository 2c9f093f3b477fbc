using Lineage.Domain.Messages;
using Lineage.Domain.Stages;

namespace Lineage.Api.Runs;

/// <summary>The command a stage name stands for, as HTTP (<c>POST /runs/{id}/stages/{stage}</c>) and the CLI (<c>lineage stage</c>) take it.</summary>
public static class StageCommands
{
    /// <summary>The command, or null with the reasons in <paramref name="errors"/> keyed by field (stage, round, batch).</summary>
    public static IStageCommand? Create(string stage, string runId, int? round, int? batch, Dictionary<string, string[]> errors)
    {
        if (StageTable.Named(stage) is not { } found)
        {
            errors["stage"] = [$"'{stage}' is not a stage; stages are {string.Join(", ", StageTable.Names)}."];
            return null;
        }
        if (found.Scope is StageScope.Round or StageScope.Batch && round is null) errors["round"] = ["'round' is required for this stage."];
        if (found.Scope is StageScope.Batch && batch is null) errors["batch"] = ["'batch' is required for this stage."];
        return errors.Count == 0 ? found.Create(runId, round ?? 0, batch ?? 0) : null;
    }
}
