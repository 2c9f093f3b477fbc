using Lineage.Domain.Hashing;

namespace Lineage.Domain.Pipelines;

/// <summary>
/// Everything that determines what a run produces, apart from its seed. Snapshotted into
/// <see cref="Runs.RunStarted"/> with its hash, so a version can always name the exact settings.
/// </summary>
public sealed record PipelineConfig
{
    public GeneratorConfig Generator { get; init; } = new();
    /// <summary>The most rounds a run makes.</summary>
    public int Rounds { get; init; } = 1;
    /// <summary>Stop after the round in which the run's kept generated examples reach this many (null: run every round).</summary>
    public int? TargetSize { get; init; }
    public int BatchesPerRound { get; init; } = 4;
    public int BatchSize { get; init; } = 250;
    public LengthBounds Length { get; init; } = new();
    public bool Deduplicate { get; init; } = true;
    public DiversityConfig? Diversity { get; init; }
    public DecontaminationConfig? Decontamination { get; init; }
    /// <summary>Seed examples imported into the pool before round 1 (e.g. GSM8K train), or none.</summary>
    public SeedPoolConfig? Seeds { get; init; }

    /// <summary>
    /// The hash of <see cref="Portable"/>: input files count by their contents, not by where they lie, so the same
    /// pipeline defined in two checkouts gets the same hash (and so the same run ids and manifest hashes).
    /// </summary>
    public string Hash() => CanonicalJson.Hash(Portable());

    /// <summary>This config with each input file's path replaced by its content hash, where that is recorded.</summary>
    public PipelineConfig Portable() => this with
    {
        Seeds = Seeds is { Sha256: { Length: > 0 } } seeds ? seeds with { File = "" } : Seeds,
        Decontamination = Decontamination is { Sha256s: { } hashes } d && hashes.Length == d.Files.Length ? d with { Files = [] } : Decontamination,
    };
}

public sealed record GeneratorConfig
{
    /// <summary><c>procedural</c>, <c>openai</c> or <c>in-process</c>.</summary>
    public string Kind { get; init; } = "procedural";
    /// <summary>Difficulty 1..3, or null to draw it per example.</summary>
    public int? Difficulty { get; init; }
    public string[]? Families { get; init; }
    public string? Endpoint { get; init; }
    public string? Model { get; init; }
    public double Temperature { get; init; } = 1.0;
    public double TopP { get; init; } = 0.95;
    public int SolutionsPerProblem { get; init; } = 3;
    /// <summary>Teachers only: <c>max_tokens</c> of a problem-generation call (lower it for servers with small context limits).</summary>
    public int ProblemMaxTokens { get; init; } = 2048;
    /// <summary>Teachers only: <c>max_tokens</c> of a solution call.</summary>
    public int SolutionMaxTokens { get; init; } = 4096;
    /// <summary>Procedural only: share of solutions given a wrong final answer, so verification has work to do.</summary>
    public double ErrorRate { get; init; } = 0.05;
}

public sealed record LengthBounds
{
    public int MinChars { get; init; } = 40;
    public int MaxChars { get; init; } = 4000;
}

public sealed record DiversityConfig
{
    public double KRatio { get; init; } = 0.1;
    public double R { get; init; } = 0.5;
    public int Iterations { get; init; } = 20;
    public int Dimension { get; init; } = 256;
    /// <summary><c>fast</c> (batched, projected) or <c>exact</c> (one example per backward).</summary>
    public string Mode { get; init; } = "fast";
    /// <summary>A Hugging Face folder, or null for the embedded default proxy.</summary>
    public string? ProxyModel { get; init; }
    public long ProjectionSeed { get; init; } = 17;
}

public sealed record DecontaminationConfig
{
    public string[] Files { get; init; } = [];
    public int N { get; init; } = 13;
    /// <summary>SHA-256 of each file's bytes (same order as <see cref="Files"/>), recorded when the pipeline is defined.</summary>
    public string[]? Sha256s { get; init; }
}

public sealed record SeedPoolConfig
{
    public string File { get; init; } = "";
    public int Limit { get; init; } = 200;
    /// <summary>SHA-256 of the file's bytes, recorded when the pipeline is defined.</summary>
    public string? Sha256 { get; init; }
}
