using Lineage.Domain.Examples;
using Lineage.Domain.Runs;
using Lineage.Domain.Stages;
using Lineage.Domain.Versions;

namespace Lineage.Api.OpenLineage;

/// <summary>
/// The datasets of Lineage's runs, named as OpenLineage's naming conventions ask: input files in namespace
/// <c>file</c> by absolute path (versioned by their SHA-256), Lineage's versions and its default proxy in the
/// configured namespace (a version by its id, versioned by its manifest hash).
/// </summary>
public sealed class LineageDatasets(OpenLineageOptions options)
{
    public const string FileNamespace = "file";

    /// <summary>What a whole run reads: seed file, benchmark files, proxy model, parent version.</summary>
    public IReadOnlyList<Dataset> RunInputs(RunStarted run) =>
        [.. SeedFile(run), .. Benchmarks(run), .. Proxy(run, null), .. ParentVersion(run)];

    /// <summary>What a stage run reads: only the inputs of the stage that uses them.</summary>
    public IReadOnlyList<Dataset> StageInputs(StageRun stage, RunStarted run, object? completion)
    {
        if (stage.Stage == StageTable.Seeds) return SeedFile(run);
        if (stage.Stage == StageTable.Embed) return Proxy(run, completion as BatchEmbedded);
        if (stage.Stage == StageTable.Filter) return Benchmarks(run);
        if (stage.Stage == StageTable.Seal) return ParentVersion(run);
        return [];
    }

    /// <summary>The seal writes the version; no other stage writes a dataset of its own.</summary>
    public IReadOnlyList<Dataset> StageOutputs(StageRun stage, object? completion) =>
        stage.Stage == StageTable.Seal ? [Version(stage.RunId, completion as VersionSealed)] : [];

    /// <summary>The run's version, with its manifest hash, row count and counts once it is sealed.</summary>
    public Dataset Version(string runId, VersionSealed? sealedVersion)
    {
        var id = RunIds.Version(runId);
        if (sealedVersion is null) return new Dataset(options.Namespace, id);
        var p = options.Producer;
        return new Dataset(options.Namespace, id,
            Facets: new Dictionary<string, object>
            {
                ["version"] = new DatasetVersionDatasetFacet(p, sealedVersion.ManifestHash),
                [LineageVersionFacet.Key] = new LineageVersionFacet(p, options.FacetSchemaBaseUrl,
                    sealedVersion.VersionId, sealedVersion.RunId, sealedVersion.Pipeline, sealedVersion.ConfigHash,
                    sealedVersion.ParentVersionId, sealedVersion.ManifestHash, sealedVersion.ExampleCount,
                    sealedVersion.Generated, sealedVersion.Kept, sealedVersion.Dropped, sealedVersion.DroppedByRule,
                    sealedVersion.Metrics),
            },
            OutputFacets: new Dictionary<string, object>
            {
                ["outputStatistics"] = new OutputStatisticsOutputDatasetFacet(p, sealedVersion.ExampleCount),
            });
    }

    private IReadOnlyList<Dataset> SeedFile(RunStarted run) =>
        run.Config.Seeds is { File.Length: > 0 } seeds ? [File(seeds.File, seeds.Sha256)] : [];

    private IReadOnlyList<Dataset> Benchmarks(RunStarted run) => run.Config.Decontamination is { } d
        ? [.. d.Files.Select((file, i) => File(file, d.Sha256s is { } hashes && i < hashes.Length ? hashes[i] : null))]
        : [];

    /// <summary>The proxy folder by path, or the default proxy Lineage trains; versioned by the weights hash an embed batch recorded.</summary>
    private IReadOnlyList<Dataset> Proxy(RunStarted run, BatchEmbedded? embedded)
    {
        if (run.Config.Diversity is not { } diversity) return [];
        var facets = embedded is null ? null : new Dictionary<string, object>
        {
            ["version"] = new DatasetVersionDatasetFacet(options.Producer, embedded.WeightsSha256),
        };
        return diversity.ProxyModel is { Length: > 0 } folder
            ? [new Dataset(FileNamespace, Path.GetFullPath(folder), facets)]
            : [new Dataset(options.Namespace, "proxy/default", facets)];
    }

    private IReadOnlyList<Dataset> ParentVersion(RunStarted run) =>
        run.ParentVersionId is { Length: > 0 } parent ? [new Dataset(options.Namespace, parent)] : [];

    private Dataset File(string path, string? sha256) => new(FileNamespace, Path.GetFullPath(path),
        sha256 is { Length: > 0 } ? new Dictionary<string, object> { ["version"] = new DatasetVersionDatasetFacet(options.Producer, sha256) } : null);
}
