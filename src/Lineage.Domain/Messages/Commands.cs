namespace Lineage.Domain.Messages;

// Stage commands travel over RabbitMQ. Each names exactly the work it stands for, so a
// redelivery addresses the same batch stream and its consumer appends nothing new.

public sealed record ImportSeeds
{
    public required string RunId { get; init; }
}

public sealed record StartRound
{
    public required string RunId { get; init; }
    public required int Round { get; init; }
}

public sealed record GenerateCandidates
{
    public required string RunId { get; init; }
    public required int Round { get; init; }
    public required int Batch { get; init; }
}

public sealed record VerifyBatch
{
    public required string RunId { get; init; }
    public required int Round { get; init; }
    public required int Batch { get; init; }
}

public sealed record EmbedBatch
{
    public required string RunId { get; init; }
    public required int Round { get; init; }
    public required int Batch { get; init; }
}

public sealed record ClusterPool
{
    public required string RunId { get; init; }
    public required int Round { get; init; }
}

/// <summary>Applies the filter rules to every verified candidate of a round.</summary>
public sealed record FilterBatch
{
    public required string RunId { get; init; }
    public required int Round { get; init; }
}

public sealed record SealVersion
{
    public required string RunId { get; init; }
}
