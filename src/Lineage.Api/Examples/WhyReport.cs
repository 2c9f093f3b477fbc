using System.Globalization;
using System.Text;
using Lineage.Domain.Examples;

namespace Lineage.Api.Examples;

/// <summary>The lineage chain as text: origin, verification, embedding, clusters, decision and its evidence.</summary>
public static class WhyReport
{
    public static IReadOnlyList<string> Lines(ExampleLineage x) => Lines(x, null);

    /// <summary>
    /// The chain; for an example of a fork also where it was carried from, and, with <paramref name="parent"/> (the
    /// parent's example, see <see cref="ParentAsync"/>), the parent's own decision beside the fork's.
    /// </summary>
    public static IReadOnlyList<string> Lines(ExampleLineage x, ExampleLineage? parent)
    {
        var lines = new List<string>();
        if (x.ForkOf is { } forkOf)
            lines.Add($"forked: carried into fork {x.RunId} from {forkOf} of version {x.ForkOfVersion}, to be decided again with the fork's settings");
        var inv = CultureInfo.InvariantCulture;
        if (x.Seed is { } s)
            lines.Add($"seed: imported from {s.File} line {s.Line}");
        if (x.Generated is { } g)
        {
            lines.Add($"generated: run {g.RunId} round {g.Round} batch {g.Batch} index {g.Index} by {g.GeneratorKind} ({g.GeneratorId})"
                + (g.ModelId is null ? "" : $", model {g.ModelId}"));
            lines.Add($"  prompt template sha256 {g.PromptTemplateHash}; sampling temperature {g.Sampling.Temperature.ToString(inv)}, top_p {g.Sampling.TopP.ToString(inv)}, seed {g.Sampling.Seed}");
            if (g.ParentExampleIds.Count > 0) lines.Add($"  few-shot parents: {string.Join(", ", g.ParentExampleIds)}");
            if (g.Attributes.Count > 0) lines.Add("  " + string.Join(", ", g.Attributes.OrderBy(a => a.Key, StringComparer.Ordinal).Select(a => $"{a.Key}={a.Value}")));
        }
        if (x.Verification is { } v)
        {
            var votes = v.Votes.Count == 0 ? "" : "; votes " + string.Join(", ", v.Votes.Select(vo => $"{vo.Answer}×{vo.Count}"));
            lines.Add(v.Passed
                ? $"verified ({v.Method}): answer {v.Answer}" + (v.ExpectedAnswer is null ? "" : $" = expected {v.ExpectedAnswer}") + votes
                : $"rejected ({v.Method}): {v.Reason}{votes}");
        }
        if (x.Embedding is { } e)
            lines.Add($"embedded: proxy {e.ProxyModelId} (weights {e.WeightsSha256[..12]}), tokenizer {e.TokenizerId}, {e.ProjectionMode} projection d={e.Dimension} seed {e.ProjectionSeed}, vector {e.VectorAddress}");
        foreach (var c in x.Clusters)
            lines.Add($"clustered: cluster {c.ClusterId} of clustering {c.ClusteringId} (size {c.ClusterSize}, cosine {c.Cosine.ToString("0.000", inv)})");
        if (x.PoolCluster is { } p)
            lines.Add($"pool of {p.Pipeline} reclustered since: cluster {p.ClusterId} of {p.ClusteringId} (size {p.ClusterSize}, cosine {p.Cosine.ToString("0.000", inv)})");
        if (x.Decision is { } d)
            // The reason is the rule's own sentence over its evidence (Lineage.Filters.Rules): each fact once.
            lines.Add($"{d.Decision.ToString().ToLowerInvariant()} by rule {d.Rule}: {d.Reason}");
        else
            lines.Add("decision: pending");
        if (parent?.Decision is { } pd)
            lines.Add($"in parent version {x.ForkOfVersion} ({parent.Id}): {pd.Decision.ToString().ToLowerInvariant()} by rule {pd.Rule}: {pd.Reason}");
        return lines;
    }

    /// <summary>The parent's example of a fork's example, or null for an example of a run.</summary>
    public static async Task<ExampleLineage?> ParentAsync(Marten.IQuerySession session, ExampleLineage x, CancellationToken ct) =>
        x.ForkOf is { } id ? await session.LoadAsync<ExampleLineage>(id, ct) : null;

    public static string Render(ExampleLineage x, ExampleLineage? parent = null)
    {
        var text = new StringBuilder();
        text.AppendLine($"why {x.Id}: {x.Outcome.ToString().ToLowerInvariant()}");
        foreach (var line in Lines(x, parent)) text.AppendLine("  " + line);
        return text.ToString();
    }
}
