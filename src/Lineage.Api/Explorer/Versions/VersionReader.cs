using Lineage.Api.Diversity;
using Lineage.Domain.Pipelines;
using Lineage.Domain.Pools;
using Lineage.Domain.Runs;
using Lineage.Domain.Versions;
using Lineage.Generators.Procedural;
using Marten;

namespace Lineage.Api.Explorer.Versions;

/// <summary>What the version page shows at once; diversity and pool history are read afterwards, by the page's script.</summary>
public sealed record VersionView(VersionSealed Sealed, RunStatus? Run, IReadOnlyList<string> Generators, IReadOnlyList<string> Rules,
    ExampleTablePage Table);

/// <summary>A version's diversity report and where it came from: recorded by the report job, or computed now.</summary>
public sealed record VersionDiversity(string Source, DiversityReport Report);

/// <summary>
/// Reads for the version page. The page itself costs two document loads and one page of examples, whatever the
/// version's size; the diversity report (k-means over the version's vectors unless the report job recorded it) and
/// the pool history (a scan of the pool's events) are separate requests the page makes after it is shown.
/// </summary>
public sealed class VersionReader(IDocumentStore store, ExampleTableQuery table, DiversityReporter reporter, PoolDiversity pools)
{
    public async Task<VersionView?> LoadAsync(string versionId, ExampleFilter filter, CancellationToken ct)
    {
        await using var session = store.QuerySession();
        var version = await session.LoadAsync<DatasetVersion>(versionId, ct);
        if (version is null) return null;
        var run = await session.LoadAsync<RunStatus>(version.Sealed.RunId, ct);
        var page = await table.PageAsync(version.Sealed, filter, ct);
        return new VersionView(version.Sealed, run, GeneratorsOf(run?.Config), RulesOf(version.Sealed), page);
    }

    public async Task<VersionDiversity?> DiversityAsync(string versionId, CancellationToken ct)
    {
        await using var session = store.QuerySession();
        var version = await session.LoadAsync<DatasetVersion>(versionId, ct);
        if (version is null) return null;
        var recorded = await session.Events.FetchStreamAsync(PoolStreams.Report(version.Sealed.Pipeline, versionId), token: ct);
        if (recorded.Select(e => e.Data).OfType<DiversityReported>().FirstOrDefault() is { } r) return new("recorded", r.Report);
        var report = await reporter.BuildAsync(versionId, ct);
        return report is null ? null : new("computed", report);
    }

    public Task<PoolHistory?> PoolAsync(string pipeline, CancellationToken ct) => pools.HistoryAsync(pipeline, ct);

    /// <summary>The generator labels a run's config can produce, for the filter's suggestions.</summary>
    public static IReadOnlyList<string> GeneratorsOf(PipelineConfig? config)
    {
        if (config is null) return [];
        var g = config.Generator;
        if (g.Kind == "procedural") return (g.Families is { Length: > 0 } f ? f : ProceduralMathGenerator.Families).Select(x => $"procedural:{x}").ToList();
        return g.Model is { Length: > 0 } model ? [$"{g.Kind}:{model}"] : [];
    }

    /// <summary>The rules that decided examples of the version: those that dropped some, then the kept ones' chain.</summary>
    public static IReadOnlyList<string> RulesOf(VersionSealed sealedVersion) =>
        sealedVersion.DroppedByRule.Where(r => r.Value > 0).Select(r => r.Key).Order(StringComparer.Ordinal).ToList();
}
