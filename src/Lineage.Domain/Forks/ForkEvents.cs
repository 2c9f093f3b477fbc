using Lineage.Domain.Examples;
using Lineage.Domain.Pipelines;
using Lineage.Domain.Versions;

namespace Lineage.Domain.Forks;

// A fork re-decides a sealed version's filters with other settings, from what its parent recorded. Its events live in
// streams of its own (see ForkIds) and none of them is a stage's completion or a RunStarted, so the relay never
// mistakes a fork for a run to drive, and the run status of its parent never changes.

/// <summary>
/// Stream <c>run:{fork}</c>: which version was forked, with which overrides (key → value as given, sorted), and the
/// effective config they make (with its hash, which the fork's version records).
/// </summary>
public sealed record VersionForked(
    string ForkRunId, string VersionId, string ParentVersionId, string ParentRunId, string OriginRunId, string Pipeline,
    IReadOnlyDictionary<string, string> Overrides, PipelineConfig Config, string ConfigHash, long Seed, DateTimeOffset ForkedAt);

/// <summary>
/// One generated example of the parent, carried into the fork under the fork's own id: what the parent recorded about
/// it up to its decision (generation, verification, embedding, where its round's clustering placed it). The fork's
/// own decision follows as an <see cref="ExampleKept"/> or <see cref="ExampleDropped"/> (a verification reject stays one).
/// </summary>
public sealed record ExampleForked(
    string RunId, string ExampleId, string ParentExampleId, string OriginExampleId, string ParentVersionId,
    ExampleGenerated Generated, VerificationRecord Verification, ExampleEmbedded? Embedding,
    IReadOnlyList<ExampleAssignedToCluster> Clusters) : IExampleEvent;

/// <summary>
/// Last event of a fork's round stream: the counts, the G-Vendi after the round, and which clustering the sparse-cluster
/// rule judged against: the parent's (<see cref="ReclusteredBecause"/> null) or one of the fork's own, with why it was
/// re-clustered and its summary.
/// </summary>
public sealed record ForkRoundFiltered(
    string ForkRunId, int Round, int Kept, int Dropped, IReadOnlyDictionary<string, int> DroppedByRule, double? GVendi, int TotalKept,
    string? ClusteringId, string? ReclusteredBecause, ClusteringCompleted? Reclustered);

/// <summary>Stream <c>ver-{fork}</c>: the fork's version, sealed as a run's would be (its parent is the forked version).</summary>
public sealed record ForkSealed(VersionSealed Sealed);
