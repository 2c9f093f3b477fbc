using Lineage.Domain.Pipelines;

namespace Lineage.Domain.Runs;

/// <summary>Any event that belongs to a run; the run status projection is keyed by it.</summary>
public interface IRunEvent
{
    string RunId { get; }
}

/// <summary>A run event about one round (and possibly one batch of it).</summary>
public interface IRoundEvent : IRunEvent
{
    int Round { get; }
}

/// <summary>A run event about one batch of a round: the completion of a batch stage.</summary>
public interface IBatchEvent : IRoundEvent
{
    int Batch { get; }
}

/// <summary>Stream <c>run:{id}</c>. The config is a full snapshot, never a reference to a mutable definition.</summary>
public sealed record RunStarted(
    string RunId, string Pipeline, PipelineConfig Config, string ConfigHash, long Seed, string? Label,
    string? ParentVersionId, DateTimeOffset StartedAt) : IRunEvent;

/// <summary>Stream <c>run:{id}:r{n}</c>; one per round, so a redelivered start cannot add a second.</summary>
public sealed record RoundStarted(string RunId, int Round, int Batches, int BatchSize, DateTimeOffset StartedAt) : IRoundEvent;

/// <summary>A stage's message ended in the error queue after its retries. Stream <c>run:{id}:failures</c>.</summary>
public sealed record StageFailed(
    string RunId, string Stage, int? Round, int? Batch, string ExceptionType, string Message, DateTimeOffset FailedAt) : IRunEvent;

/// <summary>Appended with the sealed version.</summary>
public sealed record RunCompleted(string RunId, string VersionId, DateTimeOffset CompletedAt) : IRunEvent;
