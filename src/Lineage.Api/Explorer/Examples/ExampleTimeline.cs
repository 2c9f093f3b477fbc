using System.Globalization;
using Lineage.Domain.Examples;

namespace Lineage.Api.Explorer.Examples;

/// <summary>One fact the timeline shows as evidence: a label, its value, and a link when the value names something.</summary>
public sealed record Evidence(string Label, string Value, string? Href = null, bool Mono = true);

/// <summary>
/// One step of an example's why: generated, verified, embedded, clustered, decided (or imported, for a seed).
/// <see cref="Status"/> is <c>done</c>, <c>failed</c> (the step refused the example), <c>pending</c> (not reached yet)
/// or <c>skipped</c> (the pipeline has no such step, or an earlier one decided).
/// </summary>
public sealed record TimelineStep(string Kind, string Title, string Status, string Summary, IReadOnlyList<Evidence> Evidence,
    IReadOnlyList<AnswerVotes>? Votes = null);

/// <summary>
/// The lineage document as a timeline, one step per stage, each with every recorded fact that explains it. Pure: the
/// same <see cref="ExampleLineage"/> always gives the same steps, and the text agrees with <c>why</c>
/// (<see cref="Api.Examples.WhyReport"/>) because both read the same record.
/// </summary>
public static class ExampleTimeline
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static IReadOnlyList<TimelineStep> Build(ExampleLineage x)
    {
        var steps = new List<TimelineStep>();
        if (x.Seed is { } s)
        {
            steps.Add(new("imported", "Imported as a seed", "done", $"line {s.Line} of {Path.GetFileName(s.File)}",
                [new("file", s.File), new("line", s.Line.ToString(Inv)), new("answer", s.Answer)]));
        }
        if (x.Generated is { } g)
        {
            var evidence = new List<Evidence>
            {
                new("generator", $"{g.GeneratorKind} · {g.GeneratorId}"),
                new("run", g.RunId, $"/explorer/runs/{g.RunId}"),
                new("round / batch / index", $"{g.Round} / {g.Batch} / {g.Index}"),
                new("prompt template sha256", g.PromptTemplateHash),
                new("sampling", Sampling(g.Sampling)),
            };
            if (g.ModelId is not null) evidence.Insert(1, new("model", g.ModelId));
            if (g.ExpectedAnswer is not null) evidence.Add(new("expected answer", g.ExpectedAnswer));
            foreach (var p in g.ParentExampleIds) evidence.Add(new("parent", p, p.StartsWith("builtin:", StringComparison.Ordinal) ? null : $"/explorer/examples/{p}"));
            foreach (var (key, value) in g.Attributes.Where(a => !a.Key.StartsWith("reasoning.", StringComparison.Ordinal)).OrderBy(a => a.Key, StringComparer.Ordinal))
                evidence.Add(new(key, value));
            var failure = g.Attributes.GetValueOrDefault("failure");
            steps.Add(new("generated", "Generated", failure is null ? "done" : "failed",
                failure ?? $"by {g.GeneratorKind}" + (g.ModelId is null ? "" : $" ({g.ModelId})") + (g.ParentExampleIds.Count > 0 ? $" from {g.ParentExampleIds.Count} parent(s)" : ""),
                evidence));
        }
        if (x.Origin == "generated") steps.Add(Verification(x));
        steps.Add(Embedding(x));
        steps.Add(Clustering(x));
        steps.Add(Decided(x));
        return steps;
    }

    private static TimelineStep Verification(ExampleLineage x)
    {
        if (x.Verification is not { } v) return new("verified", "Verified", "pending", "not verified yet", []);
        var evidence = new List<Evidence> { new("method", v.Method), new("answer", v.Answer ?? "none") };
        if (v.ExpectedAnswer is not null) evidence.Add(new("expected", v.ExpectedAnswer));
        if (v.Reason is not null) evidence.Add(new("reason", v.Reason, Mono: false));
        var summary = v.Passed
            ? $"answer {v.Answer}" + (v.ExpectedAnswer is null ? "" : $" = expected {v.ExpectedAnswer}")
            : $"rejected: {v.Reason}";
        return new("verified", v.Passed ? "Verified" : "Rejected by verification", v.Passed ? "done" : "failed", summary, evidence, v.Votes);
    }

    private static TimelineStep Embedding(ExampleLineage x)
    {
        if (x.Embedding is { } e)
            return new("embedded", "Embedded", "done", $"{e.ProjectionMode} gradient sketch, d = {e.Dimension}",
            [
                new("proxy", e.ProxyModelId), new("weights sha256", e.WeightsSha256), new("tokenizer", e.TokenizerId),
                new("projection", $"{e.ProjectionMode}, d = {e.Dimension}, seed {e.ProjectionSeed}"),
                new("tokens", $"{e.Tokens} ({e.CompletionTokens} in the completion)"),
                new("vector", e.VectorAddress), new("vector sha256", e.VectorSha256),
            ]);
        return Skipped(x, "embedded", "Embedded", "no diversity settings, or not embedded yet");
    }

    private static TimelineStep Clustering(ExampleLineage x)
    {
        if (x.Clusters.Count == 0 && x.PoolCluster is null) return Skipped(x, "clustered", "Clustered", "not clustered");
        var evidence = x.Clusters.Select(c => new Evidence($"clustering {c.ClusteringId}",
            $"cluster {c.ClusterId}, size {c.ClusterSize}, cosine {c.Cosine.ToString("0.000", Inv)}")).ToList();
        if (x.PoolCluster is { } p)
            evidence.Add(new($"pool reclustering {p.ClusteringId}", $"cluster {p.ClusterId}, size {p.ClusterSize}, cosine {p.Cosine.ToString("0.000", Inv)}"));
        var last = x.Clusters.LastOrDefault();
        return new("clustered", "Clustered", "done",
            last is null ? "placed by a pool reclustering" : $"cluster {last.ClusterId} of size {last.ClusterSize}", evidence);
    }

    private static TimelineStep Decided(ExampleLineage x)
    {
        if (x.Decision is not { } d) return new("decided", "Decided", "pending", "no decision yet", []);
        var kept = d.Decision == Decision.Kept;
        var evidence = new List<Evidence> { new("rule", d.Rule), new("reason", d.Reason, Mono: false), new("round", d.Round.ToString(Inv)) };
        evidence.AddRange(EvidenceOf(d.Evidence));
        return new("decided", kept ? "Kept" : $"Dropped by {d.Rule}", kept ? "done" : "failed", d.Reason, evidence, d.Evidence.Votes);
    }

    /// <summary>Every field the deciding rule compared (only the ones it set).</summary>
    public static IEnumerable<Evidence> EvidenceOf(DecisionEvidence e)
    {
        if (e.DuplicateOf is { } dup) yield return new("duplicate of", dup, $"/explorer/examples/{dup}");
        if (e.Length is { } length) yield return new("length", $"{length} characters (bounds {e.MinLength}..{e.MaxLength})");
        if (e.ClusteringId is { } clustering) yield return new("clustering", clustering);
        if (e.ClusterId is { } cluster) yield return new("cluster", cluster.ToString(Inv));
        if (e.ClusterSize is { } size) yield return new("cluster size", size.ToString(Inv));
        if (e.Threshold is { } threshold) yield return new("threshold", $"kept below size {threshold}" + (e.R is { } r ? $" (r = {r.ToString(Inv)} of k = {e.K})" : ""));
        else if (e.K is { } k) yield return new("k", k.ToString(Inv));
        if (e.Cosine is { } cosine) yield return new("cosine", cosine.ToString("0.000", Inv));
        if (e.MatchedNgram is { } ngram) yield return new("matched n-gram", ngram, Mono: false);
        if (e.BenchmarkItem is { } item) yield return new("benchmark item", item);
    }

    private static TimelineStep Skipped(ExampleLineage x, string kind, string title, string why) =>
        new(kind, title, x.Decision is null ? "pending" : "skipped", x.Decision is null ? why : why.Replace(", or not embedded yet", ""), []);

    private static string Sampling(SamplingParameters s) =>
        $"temperature {s.Temperature.ToString(Inv)}, top_p {s.TopP.ToString(Inv)}" + (s.MaxTokens is { } m ? $", max_tokens {m}" : "") + $", seed {s.Seed}";
}
