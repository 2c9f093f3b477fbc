using System.Globalization;
using Lineage.Api.Stages.Clustering;
using Lineage.Domain.Examples;
using Lineage.Domain.Runs;
using Lineage.Domain.Versions;
using Lineage.Filters.Clustering;
using Lineage.Filters.Diversity;
using Lineage.Filters.Rules;
using Marten;
using static TorchSharp.torch;

namespace Lineage.Api.Diversity;

public sealed record RoundDiversity(int Round, int? PoolSize, int? K, double? PoolGVendi, int Kept, int Dropped, double? GVendiAfter);

/// <summary>One cluster of the version's own clustering: its size and the G-Vendi of its members alone.</summary>
public sealed record ClusterDiversity(int Cluster, long Size, double GVendi);

public sealed record DiversityReport(
    string VersionId, IReadOnlyList<RoundDiversity> Rounds, int Embedded, double? VersionGVendi,
    ClusterSizeHistogram? ClusterSizes, HomogeneityReport? ByGenerator, IReadOnlyList<ClusterDiversity>? ByCluster = null);

/// <summary>
/// Diversity of a version: G-Vendi per round (from the round events), and over the version's own
/// vectors the overall G-Vendi, a fresh clustering's size histogram and per-cluster G-Vendi, and the per-generator
/// homogeneity ("hivemind") report, from the version's manifest members, events and stored vectors. Computed once per
/// version: <see cref="VersionDiversity"/> records it and serves the record.
/// </summary>
public sealed class DiversityReporter(IDocumentStore store, PoolVectors vectors)
{
    public async Task<DiversityReport?> BuildAsync(string versionId, CancellationToken ct)
    {
        await using var session = store.QuerySession();
        var version = await session.LoadAsync<DatasetVersion>(versionId, ct);
        if (version is null) return null;
        var runId = version.Sealed.RunId;
        var rounds = await RoundsAsync(session, runId, ct);

        // Exactly the manifest's members: whatever the run's log holds besides is not the version.
        var manifest = await session.LoadAsync<DatasetManifest>(versionId, ct)
            ?? throw new InvalidOperationException($"version {versionId} has no manifest");
        var kept = (await session.LoadManyAsync<ExampleLineage>(ct, manifest.Entries.Select(e => e.ExampleId).ToArray()))
            .Where(x => x.Embedding is not null).OrderBy(x => x.Id, StringComparer.Ordinal).ToList();
        if (kept.Count < 2) return new DiversityReport(versionId, rounds, kept.Count, null, null, null);

        using var scope = NewDisposeScope();
        var (x, _) = vectors.Load(kept, null, kept[0].Embedding!.Dimension);
        var k = SparseClusterRule.ClusterCount(kept.Count);
        using var clustering = CosineKMeans.Fit(x, new KMeansOptions { K = k, Seed = 17 });
        var groups = kept.Select(GeneratorOf).ToList();
        var report = HomogeneityReport.Build(x, groups, clustering.Assignments);
        var byCluster = GVendi.ByGroup(x, clustering.Assignments.Select(a => a.ToString(CultureInfo.InvariantCulture)).ToList())
            .Select(g => new ClusterDiversity(int.Parse(g.Group, CultureInfo.InvariantCulture), g.Count, g.GVendi))
            .OrderBy(c => c.Cluster)
            .ToList();
        return new DiversityReport(versionId, rounds, kept.Count, report.OverallGVendi,
            ClusterSizeHistogram.From(clustering.Sizes), report, byCluster);
    }

    /// <summary>G-Vendi per round, from the round events alone (no vectors): what the version's dataset card quotes.</summary>
    public static async Task<IReadOnlyList<RoundDiversity>> RoundsAsync(IQuerySession session, string runId, CancellationToken ct)
    {
        var filtered = await session.Events.QueryRawEventDataOnly<RoundFiltered>().Where(e => e.RunId == runId).ToListAsync(ct);
        var clustered = await session.Events.QueryRawEventDataOnly<ClusteringCompleted>().Where(e => e.RunId == runId).ToListAsync(ct);
        return filtered.OrderBy(f => f.Round).Select(f =>
        {
            var c = clustered.FirstOrDefault(x => x.Round == f.Round);
            return new RoundDiversity(f.Round, c?.PoolSize, c?.K, c?.PoolGVendi, f.Kept, f.Dropped, f.GVendi);
        }).ToList();
    }

    /// <summary>Which generator made an example: the teacher model, else the procedural family.</summary>
    public static string GeneratorOf(ExampleLineage x)
    {
        var g = x.Generated!;
        if (g.ModelId is not null) return $"{g.GeneratorKind}:{g.ModelId}";
        return g.Attributes.TryGetValue("family", out var family) ? $"{g.GeneratorKind}:{family}" : g.GeneratorId;
    }
}
