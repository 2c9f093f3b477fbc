using Lineage.Domain.Runs;

namespace Lineage.Domain.Stages;

/// <summary>
/// Why <see cref="StageGuard"/> refused a command: <paramref name="Condition"/> names the unmet condition in a word
/// a client can switch on (<see cref="StageConditions"/>), <paramref name="Reason"/> says it in a sentence.
/// </summary>
public sealed record StageRefusal(string Condition, string Reason);

/// <summary>
/// A stage command arrived before (or after) its time and was refused; nothing else was appended for it. Stream
/// <see cref="StageRefusalStreams.Of"/>, started once per command and condition, so a redelivery records nothing more.
/// </summary>
public sealed record StageRefused(string RunId, string Stage, int? Round, int? Batch, string Condition, string Reason) : IRunEvent;

public static class StageRefusalStreams
{
    /// <summary>
    /// One stream per refused command and unmet condition. Not under the round's prefix
    /// (<c>run:{id}:r{n}:</c>), where batch completions are counted.
    /// </summary>
    public static string Of(string runId, string stage, int? round, int? batch, string condition) =>
        $"{RunIds.Streams.RunPrefix(runId)}:refused:{stage}:{(round is int r ? $"r{r}" : "-")}:{(batch is int b ? $"b{b}" : "-")}:{condition}";
}
