using System.Formats.Tar;
using System.IO.Compression;
using System.Net;
using System.Text.Json;
using Lineage.Api.Diversity;
using Lineage.Api.Examples;
using Lineage.Api.Tests.EndToEnd;
using Lineage.Api.Tests.Platform;
using YamlDotNet.RepresentationModel;

namespace Lineage.Api.Tests.Exports;

/// <summary>
/// A real sealed version exported over HTTP and read back by DuckDB, the way the field reads datasets: the Parquet
/// file, the JSON Lines and the Hugging Face folder hold exactly the manifest's examples with the types declared, and
/// sampled rows say what <c>GET /examples/{id}/lineage</c> says.
/// </summary>
[Trait("Category", "Integration")]
[Collection(PlatformCollection.Name)]
public sealed class VersionExportSpecs(PlatformFixture f) : IAsyncLifetime
{
    private readonly string _folder = Directory.CreateTempSubdirectory("lineage-export-spec-").FullName;

    // The columns and the DuckDB types they must read as, written out here rather than taken from the exporter.
    private static readonly (string Name, string Type)[] Columns =
    [
        ("id", "VARCHAR"), ("problem", "VARCHAR"), ("solution", "VARCHAR"), ("answer", "VARCHAR"), ("reasoning", "VARCHAR"),
        ("generator", "VARCHAR"), ("model", "VARCHAR"), ("template_hash", "VARCHAR"), ("parents", "VARCHAR[]"), ("round", "INTEGER"),
        ("clustering", "VARCHAR"), ("cluster", "INTEGER"), ("cluster_size", "INTEGER"), ("decision", "VARCHAR"), ("rule", "VARCHAR"),
        ("evidence", "VARCHAR"), ("content_sha256", "VARCHAR"),
    ];

    public Task InitializeAsync() => f.ResetAsync();

    public Task DisposeAsync()
    {
        Directory.Delete(_folder, recursive: true);
        return Task.CompletedTask;
    }

    [Fact]
    public async Task duckdb_reads_the_parquet_and_json_lines_exports_as_the_manifest_and_the_why_describe_them()
    {
        var (version, manifest) = await ExportedVersion.SealAsync(f, "export-pq", ExportedVersion.Config(f), seed: 3);
        var parquet = await ExportedVersion.DownloadAsync(f, $"/versions/{version.VersionId}/export?format=parquet&rowGroupRows=7",
            Path.Combine(_folder, "v.parquet"), "application/vnd.apache.parquet");
        var jsonl = await ExportedVersion.DownloadAsync(f, $"/versions/{version.VersionId}/export",
            Path.Combine(_folder, "v.jsonl"), "application/x-ndjson");

        using var db = new DuckDb();
        var p = $"read_parquet({DuckDb.Literal(parquet)})";
        var j = $"read_json_auto({DuckDb.Literal(jsonl)})";
        var n = manifest.Entries.Count;

        Assert.Equal(n, db.Scalar<int>($"SELECT count(*) FROM {p}"));
        Assert.Equal(Columns, db.Describe(p));
        Assert.Equal(manifest.Entries.Select(e => (e.ExampleId, e.ContentSha256)),
            db.Rows($"SELECT id, content_sha256 FROM {p}").Select(r => ((string)r[0]!, (string)r[1]!)));
        // Row groups are bounded: ceil(n / 7) of them, none over 7 rows.
        var groups = db.Rows($"SELECT row_group_id, max(row_group_num_rows) FROM parquet_metadata({DuckDb.Literal(parquet)}) GROUP BY 1");
        Assert.Equal((n + 6) / 7, groups.Count);
        Assert.All(groups, g => Assert.InRange(Convert.ToInt64(g[1]), 1, 7));

        Assert.Equal(n, db.Scalar<int>($"SELECT count(*) FROM {j}"));
        Assert.Equal(["id", "problem", "solution", "answer", "contentSha256", "lineage"], db.Describe(j).Select(c => c.Name));
        Assert.All(db.Describe(j).Take(5), c => Assert.Equal("VARCHAR", c.Type));
        Assert.StartsWith("STRUCT(", db.Describe(j)[5].Type);
        // The two exports agree example by example on content, rule and round.
        Assert.Equal(n, db.Scalar<int>($"""
            SELECT count(*) FROM {p} AS p JOIN {j} AS j ON p.id = j.id AND p.problem = j.problem AND p.solution = j.solution
              AND p.content_sha256 = j.contentSha256 AND p.rule = j.lineage.rule AND p.round = j.lineage.round
            """));

        // Every row's content hash is the manifest arithmetic over its own text; a sample's lineage columns are the why's.
        var rows = db.Rows($"SELECT id, problem, solution, answer, decision, rule, round, clustering, cluster, cluster_size, to_json(parents)::VARCHAR, content_sha256, evidence FROM {p}");
        Assert.All(rows, r => Assert.Equal(ContentHash.Of((string)r[0]!, (string)r[1]!, (string)r[2]!, (string?)r[3]), r[11]));
        var sample = rows.Where((_, i) => i % Math.Max(1, n / 6) == 0).Append(rows[^1]).ToList();
        Assert.Contains(rows, r => (string)r[10]! != "[]");
        foreach (var r in sample.Concat(rows.Where(r => (string)r[10]! != "[]").Take(2)))
        {
            var why = await f.GetAsync<LineageResponse>($"/examples/{r[0]}/lineage");
            var x = why.Lineage;
            var cluster = x.Clusters.Last();
            Assert.Equal((why.Outcome, x.Rule, x.Round), ((string)r[4]!, (string?)r[5], Convert.ToInt32(r[6])));
            Assert.Equal((cluster.ClusteringId, cluster.ClusterId, cluster.ClusterSize), ((string)r[7]!, Convert.ToInt32(r[8]), Convert.ToInt32(r[9])));
            Assert.Equal(JsonSerializer.Serialize(x.Generated!.ParentExampleIds), (string)r[10]!);
            Assert.Equal(x.ContentSha256, r[11]);
            using var evidence = JsonDocument.Parse((string)r[12]!);
            Assert.Equal(x.Decision!.Evidence.Length, evidence.RootElement.GetProperty("length").GetInt32());
            Assert.Equal(x.Decision.Evidence.ClusterSize, evidence.RootElement.GetProperty("clusterSize").GetInt32());
        }
    }

    [Fact]
    public async Task the_hf_folder_reads_as_its_card_declares_and_the_card_tells_how_the_version_was_made()
    {
        var (version, manifest) = await ExportedVersion.SealAsync(f, "export-hf", ExportedVersion.Config(f), seed: 3);
        var n = manifest.Entries.Count;
        var tar = await ExportedVersion.DownloadAsync(f, $"/versions/{version.VersionId}/export?format=hf&shardRows=5",
            Path.Combine(_folder, "v.tar"), "application/x-tar");
        var unpacked = Directory.CreateDirectory(Path.Combine(_folder, "unpacked")).FullName;
        await TarFile.ExtractToDirectoryAsync(tar, unpacked, overwriteFiles: false);
        var root = Path.Combine(unpacked, version.VersionId);

        var shards = (n + 4) / 5;
        var names = Enumerable.Range(0, shards).Select(i => $"train-{i:00000}-of-{shards:00000}.parquet").ToList();
        Assert.Equal(names, Directory.GetFiles(Path.Combine(root, "data")).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        Assert.Equal(["README.md", "data"], Directory.GetFileSystemEntries(root).Select(Path.GetFileName).Order(StringComparer.Ordinal));

        using var db = new DuckDb();
        var glob = $"read_parquet({DuckDb.Literal(Path.Combine(root, "data", "*.parquet"))})";
        Assert.Equal(n, db.Scalar<int>($"SELECT count(*) FROM {glob}"));
        Assert.Equal(manifest.Entries.Select(e => e.ExampleId).Order(StringComparer.Ordinal),
            db.Rows($"SELECT id FROM {glob}").Select(r => (string)r[0]!).Order(StringComparer.Ordinal));
        var types = db.Describe(glob);
        Assert.Equal(Columns, types);

        // The card's front matter is YAML the Hub reads: the split's data files and one feature per column, typed as DuckDB reads them.
        var card = await File.ReadAllTextAsync(Path.Combine(root, "README.md"));
        Assert.StartsWith("---\n", card);
        var yaml = new YamlStream();
        yaml.Load(new StringReader(card[4..card.IndexOf("\n---\n", 4, StringComparison.Ordinal)]));
        var meta = (YamlMappingNode)yaml.Documents[0].RootNode;
        var config = (YamlMappingNode)((YamlSequenceNode)meta["configs"]).Single();
        Assert.Equal("default", config["config_name"].ToString());
        var files = (YamlMappingNode)((YamlSequenceNode)config["data_files"]).Single();
        Assert.Equal(("train", "data/train-*"), (files["split"].ToString(), files["path"].ToString()));
        Assert.All(names, name => Assert.True(System.IO.Enumeration.FileSystemName.MatchesSimpleExpression("data/train-*", $"data/{name}")));
        var info = (YamlMappingNode)meta["dataset_info"];
        var features = ((YamlSequenceNode)info["features"]).Cast<YamlMappingNode>()
            .Select(x => (x["name"].ToString(), DuckTypeOf(x))).ToList();
        Assert.Equal(types, features);
        var split = (YamlMappingNode)((YamlSequenceNode)info["splits"]).Single();
        Assert.Equal(("train", n.ToString()), (split["name"].ToString(), split["num_examples"].ToString()));

        // The text: manifest hash, counts per rule, G-Vendi per round (as the diversity report gives it), grader, proxy, config.
        Assert.Contains($"manifest hash: `{version.ManifestHash}`", card);
        Assert.All(version.DroppedByRule, d => Assert.Contains($"| dropped | {d.Key} | {d.Value} |", card));
        var diversity = await f.GetAsync<DiversityReport>($"/versions/{version.VersionId}/diversity");
        Assert.Equal(2, diversity.Rounds.Count);
        foreach (var r in diversity.Rounds)
            Assert.Contains($"| {r.Round} | {r.PoolSize} | {r.K} | {r.PoolGVendi:0.0000} | {r.Kept} | {r.Dropped} | {r.GVendiAfter:0.0000} |", card);
        Assert.Contains($"- `expected-answer`: {n} examples", card);
        var why = await f.GetAsync<LineageResponse>($"/examples/{manifest.Entries[0].ExampleId}/lineage");
        Assert.Contains($"`{why.Lineage.Embedding!.ProxyModelId}` (weights sha256 `{why.Lineage.Embedding.WeightsSha256}`)", card);
        var configJson = card[(card.IndexOf("```json\n", StringComparison.Ordinal) + 8)..card.LastIndexOf("\n```", StringComparison.Ordinal)];
        using (var parsed = JsonDocument.Parse(configJson))
            Assert.Equal(2, parsed.RootElement.GetProperty("rounds").GetInt32());

        // The same folder as a zip holds the same entries.
        var zip = await ExportedVersion.DownloadAsync(f, $"/versions/{version.VersionId}/export?format=hf&shardRows=5&archive=zip",
            Path.Combine(_folder, "v.zip"), "application/zip");
        using var archive = ZipFile.OpenRead(zip);
        Assert.Equal(names.Select(x => $"{version.VersionId}/data/{x}").Append($"{version.VersionId}/README.md").Order(StringComparer.Ordinal),
            archive.Entries.Select(e => e.FullName).Order(StringComparer.Ordinal));
    }

    /// <summary>The DuckDB type a Hugging Face feature reads as: the mapping of <c>datasets</c>' dtypes, written out here.</summary>
    private static string DuckTypeOf(YamlMappingNode feature) =>
        feature.Children.ContainsKey("sequence")
            ? DuckType(feature["sequence"].ToString()) + "[]"
            : DuckType(feature["dtype"].ToString());

    private static string DuckType(string dtype) => dtype switch
    {
        "string" => "VARCHAR",
        "int32" => "INTEGER",
        "int64" => "BIGINT",
        _ => throw new InvalidOperationException($"no DuckDB type for dtype {dtype}"),
    };

    [Fact]
    public async Task a_bad_format_or_size_answers_400_naming_the_field_and_an_unknown_version_404()
    {
        var (_, status) = await PipelineRuns.RunToVersionAsync(f, "export-bad", PipelineRuns.Small(batches: 1, batchSize: 5), seed: 3);
        foreach (var (query, field) in new[] { ("format=xml", "format"), ("format=hf&archive=rar", "archive"), ("format=hf&shardRows=0", "shardRows"), ("format=parquet&rowGroupRows=x", "rowGroupRows") })
        {
            using var response = await f.Client.GetAsync($"/versions/{status.VersionId}/export?{query}");
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            Assert.True(problem.RootElement.GetProperty("errors").TryGetProperty(field, out _), $"{query}: {problem.RootElement}");
        }
        using var missing = await f.Client.GetAsync("/versions/ver-000000000000/export?format=parquet");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }
}
