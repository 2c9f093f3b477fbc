using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;

namespace Lineage.Api.Tests.OpenLineage;

/// <summary>
/// The official OpenLineage 2-0-2 JSON Schema and the standard facet schemas (fixtures/openlineage, copied from
/// the OpenLineage repository), plus Lineage's own facet schemas (docs/openlineage/facets). An event is valid when
/// it passes the spec's schema and every facet it carries passes the schema of its key; a facet key with no schema
/// here is an error, so nothing unvalidated slips out.
/// </summary>
public static class OpenLineageSchema
{
    private static readonly Lazy<(JsonSchema Event, IReadOnlyDictionary<string, JsonSchema> Facets)> Schemas = new(Load);

    private static readonly EvaluationOptions Evaluation = new() { OutputFormat = OutputFormat.List, RequireFormatValidation = true };

    /// <summary>The repository root: the folder above the test binaries that holds fixtures/openlineage.</summary>
    public static string RepositoryRoot { get; } = FindRoot();

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (Directory.Exists(Path.Combine(dir.FullName, "fixtures", "openlineage"))) return dir.FullName;
        throw new DirectoryNotFoundException("no fixtures/openlineage above " + AppContext.BaseDirectory);
    }

    private static (JsonSchema, IReadOnlyDictionary<string, JsonSchema>) Load()
    {
        var build = new BuildOptions { SchemaRegistry = new SchemaRegistry() };
        JsonSchema Read(params string[] path) => JsonSchema.FromText(File.ReadAllText(Path.Combine([RepositoryRoot, .. path])), build);
        // The spec first: every facet schema refers to its $defs by the spec's $id.
        var spec = Read("fixtures", "openlineage", "OpenLineage.json");
        var facets = new Dictionary<string, JsonSchema>(StringComparer.Ordinal)
        {
            ["parent"] = Read("fixtures", "openlineage", "facets", "ParentRunFacet.json"),
            ["errorMessage"] = Read("fixtures", "openlineage", "facets", "ErrorMessageRunFacet.json"),
            ["jobType"] = Read("fixtures", "openlineage", "facets", "JobTypeJobFacet.json"),
            ["version"] = Read("fixtures", "openlineage", "facets", "DatasetVersionDatasetFacet.json"),
            ["outputStatistics"] = Read("fixtures", "openlineage", "facets", "OutputStatisticsOutputDatasetFacet.json"),
            ["lineage_run"] = Read("docs", "openlineage", "facets", "LineageRunFacet.json"),
            ["lineage_stage"] = Read("docs", "openlineage", "facets", "LineageStageFacet.json"),
            ["lineage_version"] = Read("docs", "openlineage", "facets", "LineageVersionFacet.json"),
        };
        return (spec, facets);
    }

    /// <summary>Every violation of one event, each naming where it is; empty when the event is valid.</summary>
    public static IReadOnlyList<string> Violations(string json)
    {
        var (spec, facets) = Schemas.Value;
        var errors = new List<string>();
        using var document = JsonDocument.Parse(json);
        errors.AddRange(Errors(spec.Evaluate(document.RootElement, Evaluation), "event"));

        var node = JsonNode.Parse(json)!.AsObject();
        var groups = new List<(string Where, JsonNode? Facets)>
        {
            ("run.facets", node["run"]?["facets"]),
            ("job.facets", node["job"]?["facets"]),
        };
        foreach (var side in new[] { "inputs", "outputs" })
            foreach (var (dataset, i) in (node[side]?.AsArray() ?? []).Select((d, i) => (d, i)))
            {
                groups.Add(($"{side}[{i}].facets", dataset?["facets"]));
                groups.Add(($"{side}[{i}].outputFacets", dataset?["outputFacets"]));
                groups.Add(($"{side}[{i}].inputFacets", dataset?["inputFacets"]));
            }
        foreach (var (where, group) in groups)
        {
            if (group is not JsonObject byKey) continue;
            foreach (var (key, facet) in byKey)
            {
                if (!facets.TryGetValue(key, out var schema))
                {
                    errors.Add($"{where}.{key}: no schema for this facet");
                    continue;
                }
                using var wrapped = JsonDocument.Parse(new JsonObject { [key] = facet?.DeepClone() }.ToJsonString());
                errors.AddRange(Errors(schema.Evaluate(wrapped.RootElement, Evaluation), $"{where}.{key}"));
            }
        }
        return errors;
    }

    private static IEnumerable<string> Errors(EvaluationResults results, string where)
    {
        if (results.IsValid) yield break;
        var any = false;
        foreach (var detail in results.Details ?? [])
            foreach (var (keyword, message) in detail.Errors ?? new Dictionary<string, string>())
            {
                any = true;
                yield return $"{where}: {detail.InstanceLocation} ({detail.EvaluationPath}/{keyword}): {message}";
            }
        if (!any) yield return $"{where}: invalid";
    }
}
