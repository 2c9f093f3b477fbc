using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using Lineage.Api.Cli;
using Lineage.Api.Examples;
using Lineage.Api.Pipelines;
using Lineage.Api.Tests.Platform;
using Lineage.Domain.Pipelines;

namespace Lineage.Api.Tests.Exports;

/// <summary>
/// The way back in: a version exported as a Parquet file (over HTTP) or as a Hugging Face folder (by the CLI verb)
/// seeds another pipeline, whose seed pool is then exactly the exported version's examples; the folder counts by its
/// shards' contents.
/// </summary>
[Trait("Category", "Integration")]
[Collection(PlatformCollection.Name)]
public sealed class ImportExportSpecs(PlatformFixture f) : IAsyncLifetime
{
    // Seed inputs must lie under an input root: the fixture's data directory is one.
    private readonly string _folder = Directory.CreateDirectory(Path.Combine(f.Options.DataDirectory, "import-spec-" + Guid.NewGuid().ToString("N")[..8])).FullName;

    public Task InitializeAsync() => f.ResetAsync();

    public Task DisposeAsync()
    {
        Directory.Delete(_folder, recursive: true);
        return Task.CompletedTask;
    }

    private async Task<List<ExampleSummary>> ExamplesAsync(string query) =>
        (await f.GetAsync<ExamplePage>($"/examples?{query}&pageSize=1000")).Items.ToList();

    private static PipelineConfig SeededBy(string path) =>
        PipelineRuns.Small(batches: 1, batchSize: 4) with { Seeds = new SeedPoolConfig { File = path, Limit = 10_000 } };

    [Fact]
    public async Task an_exported_version_seeds_a_pipeline_with_exactly_its_examples_from_parquet_or_an_hf_folder()
    {
        var (a, manifest) = await ExportedVersion.SealAsync(f, "source", PipelineRuns.Small(batches: 2, batchSize: 20), seed: 11);
        var kept = await ExamplesAsync($"version={a.VersionId}");
        Assert.Equal(manifest.Entries.Count, kept.Count);

        var parquet = await ExportedVersion.DownloadAsync(f, $"/versions/{a.VersionId}/export?format=parquet",
            Path.Combine(_folder, "a.parquet"), "application/vnd.apache.parquet");
        var hf = Path.Combine(_folder, "a-hf");
        var output = new StringWriter();
        var error = new StringWriter();
        var exit = await ExportCommand.RunAsync(a.VersionId, hf, "hf", "4", null,
            [$"--Lineage:Schema={f.Options.Schema}", $"--Lineage:RabbitMq:QueuePrefix={f.Options.RabbitMq.QueuePrefix}"], output, error);
        Assert.True(exit == 0, error.ToString());
        var shards = (kept.Count + 3) / 4;
        Assert.Contains($"wrote {kept.Count} examples in {shards} shards", output.ToString());

        foreach (var (pipeline, path) in new[] { ("from-parquet", parquet), ("from-hf", hf) })
        {
            var (runB, _) = await PipelineRuns.RunToVersionAsync(f, pipeline, SeededBy(path), seed: 12);
            var seeds = await ExamplesAsync($"run={runB}&rule=seed");
            Assert.Equal(kept.Select(k => k.Problem).Order(StringComparer.Ordinal), seeds.Select(s => s.Problem).Order(StringComparer.Ordinal));
            Assert.Equal(kept.Select(k => k.Answer).Order(StringComparer.Ordinal), seeds.Select(s => s.Answer).Order(StringComparer.Ordinal));
        }

        // The folder's recorded hash is SHA-256 over "data/{shard} {sha256}\n" in name order, computed here independently.
        var definition = await f.GetAsync<PipelineDefinition>("/pipelines/from-hf");
        var lines = Directory.GetFiles(Path.Combine(hf, "data")).Order(StringComparer.Ordinal)
            .Select(s => $"data/{Path.GetFileName(s)} {Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(s)))}\n");
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(string.Concat(lines)))), definition.Config.Seeds!.Sha256);
    }

    [Fact]
    public async Task a_seed_folder_without_parquet_shards_or_a_parquet_without_seed_columns_answers_400_naming_the_seed_file()
    {
        var empty = Directory.CreateDirectory(Path.Combine(_folder, "empty-hf")).FullName;
        var other = Path.Combine(_folder, "other.parquet");
        using (var db = new DuckDb())
            db.Execute($"COPY (SELECT 'x' AS text, '1' AS answer) TO {DuckDb.Literal(other)} (FORMAT parquet)");

        foreach (var (path, message) in new[] { (empty, "data/*.parquet"), (other, "question/answer or problem/answer") })
        {
            using var response = await f.Client.PutAsJsonAsync("/pipelines", new DefinePipelineRequest("bad-seeds", SeededBy(path)), LineageFixture.Json);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            var body = await response.Content.ReadAsStringAsync();
            Assert.Contains("config.seeds.file", body);
            Assert.Contains(message, body);
        }
        using var none = await f.Client.GetAsync("/pipelines/bad-seeds");
        Assert.Equal(HttpStatusCode.NotFound, none.StatusCode);
    }
}
