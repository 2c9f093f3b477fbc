using Lineage.Domain.Runs;

namespace Lineage.Domain.Examples;

/// <summary>Any event about one example; the lineage projection is keyed by <see cref="ExampleId"/>.</summary>
public interface ILineageEvent
{
    string ExampleId { get; }
}

/// <summary>An event about one example within its run (everything up to the run's decision).</summary>
public interface IExampleEvent : IRunEvent, ILineageEvent;

/// <summary>A seed example read from a file (e.g. GSM8K train), with the file and the 1-based line.</summary>
public sealed record SeedExampleImported(
    string RunId, string ExampleId, string File, int Line, string Problem, string Solution, string Answer) : IExampleEvent;

/// <summary>Sampling settings exactly as sent to the generator.</summary>
public sealed record SamplingParameters(double Temperature, double TopP, int? MaxTokens, long Seed);

/// <summary>
/// A candidate came out of a generator. Carries everything needed to re-run the call:
/// generator kind and id, model, template hash, few-shot parents, sampling and seed, raw output.
/// </summary>
public sealed record ExampleGenerated(
    string RunId, string ExampleId, int Round, int Batch, int Index,
    string GeneratorKind, string GeneratorId, string? ModelId, string PromptTemplateHash,
    IReadOnlyList<string> ParentExampleIds, SamplingParameters Sampling,
    string Problem, string Solution, string? ExpectedAnswer, string RawOutput,
    IReadOnlyDictionary<string, string> Attributes) : IExampleEvent;

/// <summary>One answer and how many samples gave it (answers grouped by equivalence).</summary>
public sealed record AnswerVotes(string Answer, int Count);

/// <summary>The candidate's answer was checked and accepted.</summary>
public sealed record ExampleVerified(
    string RunId, string ExampleId, string Method, string Answer, string? ExpectedAnswer,
    IReadOnlyList<AnswerVotes> Votes) : IExampleEvent;

/// <summary>The candidate failed verification; the reason and evidence say why.</summary>
public sealed record ExampleRejected(
    string RunId, string ExampleId, string Method, string Reason, string? Answer, string? ExpectedAnswer,
    IReadOnlyList<AnswerVotes> Votes) : IExampleEvent;

/// <summary>
/// A gradient embedding was computed. Records everything needed to recompute the vector and find it:
/// proxy model and weights hash, tokenizer, projection mode, dimension, seed, blob address and hash.
/// </summary>
public sealed record ExampleEmbedded(
    string RunId, string ExampleId, string ProxyModelId, string WeightsSha256, string TokenizerId,
    string ProjectionMode, int Dimension, long ProjectionSeed, string VectorAddress, string VectorSha256,
    int Tokens, int CompletionTokens) : IExampleEvent;

/// <summary>An example was placed in a cluster of a clustering (pool member or new candidate).</summary>
public sealed record ExampleAssignedToCluster(
    string RunId, string ExampleId, string ClusteringId, int ClusterId, double Cosine, int ClusterSize) : IExampleEvent;

/// <summary>The evidence a rule compared. Only the fields the rule used are set.</summary>
public sealed record DecisionEvidence
{
    public string? DuplicateOf { get; init; }
    public int? Length { get; init; }
    public int? MinLength { get; init; }
    public int? MaxLength { get; init; }
    public string? ClusteringId { get; init; }
    public int? ClusterId { get; init; }
    public double? Cosine { get; init; }
    public int? ClusterSize { get; init; }
    public int? Threshold { get; init; }
    public double? R { get; init; }
    public int? K { get; init; }
    public string? MatchedNgram { get; init; }
    public string? BenchmarkItem { get; init; }
    public IReadOnlyList<AnswerVotes>? Votes { get; init; }
    /// <summary>Sparse-cluster rule: true when no cluster was below the threshold and the fallback kept every cluster.</summary>
    public bool? SparseFallback { get; init; }
}

/// <summary>The example passed every filter rule of its round; <see cref="Rules"/> lists them in order.</summary>
public sealed record ExampleKept(
    string RunId, string ExampleId, int Round, IReadOnlyList<string> Rules, string Reason, DecisionEvidence Evidence) : IExampleEvent;

/// <summary>The first rule that rejected the example, with a human-readable reason and its evidence.</summary>
public sealed record ExampleDropped(
    string RunId, string ExampleId, int Round, string Rule, string Reason, DecisionEvidence Evidence) : IExampleEvent;
