namespace Lineage.Domain.Messages;

// Stage commands travel over RabbitMQ. Each names exactly the work it stands for, so a
// redelivery addresses the same batch stream and its consumer appends nothing new.

/// <summary>A command for one stage of one run.</summary>
public interface IStageCommand
{
    string RunId { get; }
}

/// <summary>A command for one round of a run.</summary>
public interface IRoundCommand : IStageCommand
{
    int Round { get; }
}

/// <summary>A command for one batch of a round.</summary>
public interface IBatchCommand : IRoundCommand
{
    int Batch { get; }
}

public sealed record ImportSeeds : IStageCommand
{
    public required string RunId { get; init; }
}

public sealed record StartRound : IRoundCommand
{
    public required string RunId { get; init; }
    public required int Round { get; init; }
}

public sealed record GenerateCandidates : IBatchCommand
{
    public required string RunId { get; init; }
    public required int Round { get; init; }
    public required int Batch { get; init; }
}

public sealed record VerifyBatch : IBatchCommand
{
    public required string RunId { get; init; }
    public required int Round { get; init; }
    public required int Batch { get; init; }
}

public sealed record EmbedBatch : IBatchCommand
{
    public required string RunId { get; init; }
    public required int Round { get; init; }
    public required int Batch { get; init; }
}

public sealed record ClusterPool : IRoundCommand
{
    public required string RunId { get; init; }
    public required int Round { get; init; }
}

/// <summary>Applies the filter rules to every verified candidate of a round.</summary>
public sealed record FilterBatch : IRoundCommand
{
    public required string RunId { get; init; }
    public required int Round { get; init; }
}

public sealed record SealVersion : IStageCommand
{
    public required string RunId { get; init; }
}
