using Lineage.Domain.Runs;

namespace Lineage.Domain.Versions;

/// <summary>
/// A dataset version was sealed. Stream <c>ver-{run}</c> (see <see cref="RunIds.Streams"/>), started once, so sealing is idempotent.
/// The manifest hash is what a rebuild from events must reproduce.
/// </summary>
public sealed record VersionSealed(
    string RunId, string VersionId, string? ParentVersionId, string Pipeline, string ConfigHash,
    int ExampleCount, int Generated, int Kept, int Dropped, IReadOnlyDictionary<string, int> DroppedByRule,
    IReadOnlyDictionary<string, double> Metrics, string ManifestHash, DateTimeOffset SealedAt) : IRunEvent;
