namespace Lineage.Domain.Messages;

// Stage commands travel over RabbitMQ. Each names exactly the work it stands for, so a
// redelivery addresses the same batch stream and its consumer appends nothing new.

/// <summary>A command for one stage of one run.</summary>
public interface IStageCommand
{
    string RunId { get; }
}

public sealed record ImportSeeds : IStageCommand
{
    public required string RunId { get; init; }
}

public sealed record StartRound : IStageCommand
{
    public required string RunId { get; init; }
    public required int Round { get; init; }
}

public sealed record GenerateCandidates : IStageCommand
{
    public required string RunId { get; init; }
    public required int Round { get; init; }
    public required int Batch { get; init; }
}

public sealed record VerifyBatch : IStageCommand
{
    public required string RunId { get; init; }
    public required int Round { get; init; }
    public required int Batch { get; init; }
}

public sealed record EmbedBatch : IStageCommand
{
    public required string RunId { get; init; }
    public required int Round { get; init; }
    public required int Batch { get; init; }
}

public sealed record ClusterPool : IStageCommand
{
    public required string RunId { get; init; }
    public required int Round { get; init; }
}

/// <summary>Applies the filter rules to every verified candidate of a round.</summary>
public sealed record FilterBatch : IStageCommand
{
    public required string RunId { get; init; }
    public required int Round { get; init; }
}

public sealed record SealVersion : IStageCommand
{
    public required string RunId { get; init; }
}
