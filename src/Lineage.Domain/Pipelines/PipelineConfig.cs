using Lineage.Domain.Hashing;

namespace Lineage.Domain.Pipelines;

/// <summary>
/// Everything that determines what a run produces, apart from its seed. Snapshotted into
/// <see cref="Runs.RunStarted"/> with its hash, so a version can always name the exact settings.
/// </summary>
public sealed record PipelineConfig
{
    /// <summary>
    /// The named preset (<see cref="PipelineRecipes"/>) the other values were resolved from when the pipeline was
    /// defined, or null. Only a record of where the values came from: the snapshot holds them all.
    /// </summary>
    public string? Recipe { get; init; }
    public GeneratorConfig Generator { get; init; } = new();
    /// <summary>The most rounds a run makes.</summary>
    public int Rounds { get; init; } = 1;
    /// <summary>Stop after the round in which the run's kept generated examples reach this many (null: run every round).</summary>
    public int? TargetSize { get; init; }
    public int BatchesPerRound { get; init; } = 4;
    public int BatchSize { get; init; } = 250;
    /// <summary>Character bounds on problem + solution, or null for none (the paper's recipe has no length filter).</summary>
    public LengthBounds? Length { get; init; } = new();
    public bool Deduplicate { get; init; } = true;
    /// <summary>How sampled solutions are voted on and which become examples.</summary>
    public VerificationConfig Verification { get; init; } = new();
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
    /// <summary>Teachers only: example problems shown in a problem-generation call.</summary>
    public int FewShots { get; init; } = 3;
    /// <summary>Teachers only: new problems asked for in one problem-generation call.</summary>
    public int ProblemsPerCall { get; init; } = 5;
    /// <summary>
    /// Teachers only: which examples a call may show. <c>sparsest</c>: round 1 the seed pool, later rounds the
    /// (at most 32) members of the previous round's smallest clusters; <c>pool</c>: the whole pool so far (seeds
    /// and every kept example of earlier rounds).
    /// </summary>
    public string FewShotPool { get; init; } = "sparsest";
    /// <summary>
    /// Teachers only: how a call's examples are drawn from it. <c>uniform</c>: distinct, uniformly; <c>difficulty</c>:
    /// distinct, with probability proportional to the example's difficulty level (1 where it has none), then shuffled.
    /// </summary>
    public string FewShotDraw { get; init; } = "uniform";
    /// <summary>Teachers only: the prompt wording, <c>lineage</c> or <c>prismatic</c> (docs/recipe.md).</summary>
    public string Prompts { get; init; } = "lineage";
    /// <summary>Teachers only: temperature of the solution calls.</summary>
    public double SolutionTemperature { get; init; } = 0.75;
    /// <summary>Teachers only: top_p of the solution calls.</summary>
    public double SolutionTopP { get; init; } = 1.0;
}

/// <summary>
/// The vote over a problem's sampled solutions and what it keeps (teachers without a known answer). The default is
/// Lineage's: a strict majority of the answered samples, one solution kept as the problem's example. The paper's code
/// (<see cref="PipelineRecipes.Prismatic"/>): an answer passes with at least ⌊n·PassRatio⌋ of the n samples, every
/// answer tied for the top count is kept, and each kept (problem, solution) pair is an example of its own.
/// </summary>
public sealed record VerificationConfig
{
    /// <summary><c>majority</c> (strict majority of the answered samples) or <c>top-tied</c> (the paper's rule).</summary>
    public string Vote { get; init; } = "majority";
    /// <summary>top-tied only: an answer needs at least ⌊n × PassRatio⌋ of the n samples' votes.</summary>
    public double PassRatio { get; init; } = 0.5;
    /// <summary>
    /// False: one example per problem, its solution the first sample agreeing with the winner. True: one example
    /// per sampled solution, kept when its answer is kept by the vote, its completion the whole output with reasoning.
    /// </summary>
    public bool ExamplePerSolution { get; init; }
    /// <summary>
    /// Where the answer is read: <c>final-text</c> (the last complete \boxed{} after any reasoning) or
    /// <c>whole-output</c> (the last complete \boxed{} of reasoning and text together).
    /// </summary>
    public string AnswerFrom { get; init; } = "final-text";
    /// <summary>A boxed answer longer than this counts as no answer (null: no limit).</summary>
    public int? MaxAnswerChars { get; init; }
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
    /// <summary>Proxy weights and activations: <c>float32</c> or <c>bfloat16</c> (gradients are projected in float32 either way).</summary>
    public string ProxyDType { get; init; } = "float32";
    /// <summary>A system turn before the problem in the proxy's chat template (null: none). The byte proxy has no template and ignores it.</summary>
    public string? SystemPrompt { get; init; }
    /// <summary>The longest input fed to the proxy, in tokens (the solution's tail is cut first); null: no truncation.</summary>
    public int? MaxTokens { get; init; } = 1024;
    /// <summary>
    /// k-means: <c>lineage</c> (k-means++ seeding, early stop, empty clusters reseeded, K = round-half-even(ratio·n))
    /// or <c>first-k</c> (the paper's: the first K pool rows as centroids, exactly <see cref="Iterations"/> rounds of
    /// assign-then-update, empty clusters stay empty, sizes from the last assignment, K = ⌊ratio·n⌋).
    /// </summary>
    public string KMeans { get; init; } = "lineage";
    /// <summary>Sparse-cluster rule: when no cluster is smaller than the threshold, keep every candidate (the paper's code) instead of none.</summary>
    public bool KeepAllWhenNoneSparse { get; init; }
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
