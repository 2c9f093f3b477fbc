namespace Lineage.Domain.Stages;

/// <summary>
/// What the event log says about a run, as far as <see cref="StageGuard"/> needs it for one command: facts about the
/// command's own round and batch, the filtered rounds and whether the run is sealed. Every fact is a completion
/// event that was committed (a stage writes its whole output in one transaction), so once true it stays true;
/// only <see cref="Sealed"/> closes doors.
/// </summary>
public sealed record StageFacts
{
    public static readonly StageFacts None = new();

    /// <summary>The run's version stream exists.</summary>
    public bool Sealed { get; init; }

    public bool SeedsImported { get; init; }

    /// <summary>The seed pool's embed batch (round 0, batch 0) is done.</summary>
    public bool SeedPoolEmbedded { get; init; }

    /// <summary>The command's round has a <c>RoundStarted</c>.</summary>
    public bool RoundStarted { get; init; }

    /// <summary>The command's batch of the command's round has been generated.</summary>
    public bool BatchGenerated { get; init; }

    /// <summary>The command's batch of the command's round has been verified.</summary>
    public bool BatchVerified { get; init; }

    /// <summary>How many batches of the command's round are verified.</summary>
    public int VerifiedBatches { get; init; }

    /// <summary>How many batches of the command's round are embedded.</summary>
    public int EmbeddedBatches { get; init; }

    /// <summary>The command's round has been clustered.</summary>
    public bool Clustered { get; init; }

    /// <summary>Every filtered round of the run, with the kept total its <c>RoundFiltered</c> recorded.</summary>
    public IReadOnlyDictionary<int, int?> Filtered { get; init; } = new Dictionary<int, int?>();
}
