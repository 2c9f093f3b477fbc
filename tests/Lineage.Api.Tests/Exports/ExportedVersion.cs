using Lineage.Api.Tests.Platform;
using Lineage.Domain.Pipelines;
using Lineage.Domain.Versions;
using Marten;

namespace Lineage.Api.Tests.Exports;

/// <summary>A real sealed version to export: two Prismatic rounds (so rows have clusters and parents), seconds on 2 cores.</summary>
public static class ExportedVersion
{
    public static PipelineConfig Config(LineageFixture f)
    {
        var seeds = Path.Combine(f.Options.DataDirectory, "export-seeds.jsonl");
        PipelineRuns.WriteSeedFile(seeds, seed: 313, count: 16);
        return new PipelineConfig
        {
            Rounds = 2,
            BatchesPerRound = 2,
            BatchSize = 12,
            Generator = new GeneratorConfig { ErrorRate = 0.1 },
            Length = new LengthBounds { MinChars = 150, MaxChars = 1200 },
            Diversity = new DiversityConfig { Mode = "fast", Dimension = 32, KRatio = 0.25, R = 0.5, Iterations = 8 },
            Seeds = new SeedPoolConfig { File = seeds, Limit = 16 },
        };
    }

    public static async Task<(VersionSealed Version, DatasetManifest Manifest)> SealAsync(LineageFixture f, string pipeline, PipelineConfig config, long seed)
    {
        var (_, status) = await PipelineRuns.RunToVersionAsync(f, pipeline, config, seed);
        var version = await f.GetAsync<VersionSealed>($"/versions/{status.VersionId}");
        await using var session = f.Store.QuerySession();
        var manifest = (await session.LoadAsync<DatasetManifest>(version.VersionId))!;
        Assert.Equal(version.ExampleCount, manifest.Entries.Count);
        Assert.True(manifest.Entries.Count >= 8, $"the version kept only {manifest.Entries.Count} examples; too few to sample");
        return (version, manifest);
    }

    /// <summary>GET a URL into a file, asserting 200 and the content type.</summary>
    public static async Task<string> DownloadAsync(LineageFixture f, string url, string path, string contentType)
    {
        using var response = await f.Client.GetAsync(url);
        Assert.True(response.IsSuccessStatusCode, $"{url}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        Assert.Equal(contentType, response.Content.Headers.ContentType?.MediaType);
        await using var file = File.Create(path);
        await response.Content.CopyToAsync(file);
        return path;
    }
}
