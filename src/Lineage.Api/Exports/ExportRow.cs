using System.Text.Json;
using System.Text.Json.Serialization;
using Lineage.Domain.Examples;
using Lineage.Domain.Hashing;
using Lineage.Domain.Versions;
using Lineage.Generators.Verification;

namespace Lineage.Api.Exports;

/// <summary>One example of a version as the flat, typed row the Parquet and Hugging Face exports write.</summary>
public sealed record ExportRow(
    string Id, string Problem, string Solution, string? Answer, string? Reasoning,
    string? Generator, string? Model, string? TemplateHash, IReadOnlyList<string> Parents, int Round,
    string? Clustering, int? Cluster, int? ClusterSize, string Decision, string? Rule, string? Evidence,
    string ContentSha256)
{
    /// <summary>Evidence as compact JSON with only the fields its rule set, so a reader sees what was compared.</summary>
    private static readonly JsonSerializerOptions EvidenceJson = new(CanonicalJson.Options)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    /// <summary>The row of a manifest entry; the content hash is the manifest's, the one the version was sealed with.</summary>
    public static ExportRow From(ManifestEntry entry, ExampleLineage x)
    {
        var cluster = x.Clusters.LastOrDefault();
        return new ExportRow(
            x.Id, x.Problem, x.Solution, x.Answer, x.Generated is { } g ? ReasoningOf(g) : null,
            x.Generated?.GeneratorId, x.Generated?.ModelId, x.Generated?.PromptTemplateHash,
            x.Generated?.ParentExampleIds ?? [], x.Round,
            cluster?.ClusteringId, cluster?.ClusterId, cluster?.ClusterSize,
            x.Outcome.ToString().ToLowerInvariant(), x.Rule,
            x.Decision is { } d ? JsonSerializer.Serialize(d.Evidence, EvidenceJson) : null,
            entry.ContentSha256);
    }

    /// <summary>
    /// The teacher's separate reasoning trace for the solution the version holds, when it returned one. The teacher
    /// source records every sample's trace and answer and keeps the first sample agreeing with the majority, so the
    /// same vote over the recorded answers names the sample. Procedural candidates have none.
    /// </summary>
    public static string? ReasoningOf(ExampleGenerated g)
    {
        if (!g.Attributes.TryGetValue("answers", out var answersJson)) return null;
        var answers = JsonSerializer.Deserialize<List<string?>>(answersJson) ?? [];
        var at = MajorityVote.Decide(answers).AgreesWithMajority.ToList().IndexOf(true);
        return g.Attributes.GetValueOrDefault($"reasoning.solution.{(at < 0 ? 0 : at)}");
    }
}
