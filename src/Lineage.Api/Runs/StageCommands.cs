using Lineage.Api.Messaging;
using Lineage.Domain.Messages;

namespace Lineage.Api.Runs;

/// <summary>The command a stage name stands for, as HTTP (<c>POST /runs/{id}/stages/{stage}</c>) and the CLI (<c>lineage stage</c>) take it.</summary>
public static class StageCommands
{
    /// <summary>The command, or null with the reasons in <paramref name="errors"/> keyed by field (stage, round, batch).</summary>
    public static IStageCommand? Create(string stage, string runId, int? round, int? batch, Dictionary<string, string[]> errors)
    {
        IStageCommand? command = stage switch
        {
            "seeds" => new ImportSeeds { RunId = runId },
            "round" => Need(round, "round", errors) is int r ? new StartRound { RunId = runId, Round = r } : null,
            "generate" => Both(round, batch, errors) is var (r, b) ? new GenerateCandidates { RunId = runId, Round = r, Batch = b } : null,
            "verify" => Both(round, batch, errors) is var (r, b) ? new VerifyBatch { RunId = runId, Round = r, Batch = b } : null,
            "embed" => Both(round, batch, errors) is var (r, b) ? new EmbedBatch { RunId = runId, Round = r, Batch = b } : null,
            "cluster" => Need(round, "round", errors) is int r ? new ClusterPool { RunId = runId, Round = r } : null,
            "filter" => Need(round, "round", errors) is int r ? new FilterBatch { RunId = runId, Round = r } : null,
            "seal" => new SealVersion { RunId = runId },
            _ => null,
        };
        if (command is null && errors.Count == 0)
            errors["stage"] = [$"'{stage}' is not a stage; stages are {string.Join(", ", StageQueues.AllStages)}."];
        return command;
    }

    private static int? Need(int? value, string field, Dictionary<string, string[]> errors)
    {
        if (value is null) errors[field] = [$"'{field}' is required for this stage."];
        return value;
    }

    private static (int, int)? Both(int? round, int? batch, Dictionary<string, string[]> errors)
    {
        var r = Need(round, "round", errors);
        var b = Need(batch, "batch", errors);
        return r is int rr && b is int bb ? (rr, bb) : null;
    }
}
