using System.Security.Cryptography;
using System.Text.Json;
using Lineage.Api.Tests.Platform;
using Lineage.Domain.Pipelines;
using Lineage.Domain.Runs;

namespace Lineage.Api.Tests.EndToEnd;

/// <summary>
/// Input files count by their contents: a pipeline records each file's SHA-256 when it is defined, two checkouts
/// of the same files get the same config hash, and a run refuses a file that changed since.
/// </summary>
[Trait("Category", "Integration")]
[Collection(PlatformCollection.Name)]
public class InputFileSpecs(PlatformFixture f) : IAsyncLifetime
{
    public Task InitializeAsync() => f.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    private string WriteSeeds(string folder)
    {
        var path = Path.Combine(f.Options.DataDirectory, folder, "gsm8k", "train.jsonl");
        PipelineRuns.WriteSeedFile(path, seed: 17, count: 6);
        return path;
    }

    private static PipelineConfig WithSeeds(string path) => PipelineRuns.Small(1, 5) with { Seeds = new SeedPoolConfig { File = path, Limit = 6 } };

    [Fact]
    public async Task the_same_seed_file_in_two_places_defines_pipelines_with_one_config_hash()
    {
        var here = WriteSeeds("checkout-a");
        var there = WriteSeeds("checkout-b");

        await PipelineRuns.DefineAsync(f, "inputs-a", WithSeeds(here));
        await PipelineRuns.DefineAsync(f, "inputs-b", WithSeeds(there));
        var a = await f.GetAsync<PipelineDefinition>("/pipelines/inputs-a");
        var b = await f.GetAsync<PipelineDefinition>("/pipelines/inputs-b");

        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(here))), a.Config.Seeds!.Sha256);
        Assert.Equal((here, there), (a.Config.Seeds.File, b.Config.Seeds!.File));
        Assert.Equal(a.ConfigHash, b.ConfigHash);
    }

    [Fact]
    public async Task a_run_whose_seed_file_changed_since_the_definition_fails_its_seed_stage_saying_so()
    {
        var path = WriteSeeds("checkout-c");
        await PipelineRuns.DefineAsync(f, "inputs-c", WithSeeds(path));
        await File.AppendAllTextAsync(path, JsonSerializer.Serialize(new { question = "What is 1 + 1?", answer = "#### 2" }) + "\n");

        var runId = await PipelineRuns.StartAsync(f, "inputs-c", seed: 1);
        var status = await PipelineRuns.WaitForEndAsync(f, runId);

        Assert.Equal(RunState.Failed, status.State);
        var failure = Assert.Single(status.Failures);
        Assert.Equal("seeds", failure.Stage);
        Assert.Contains("changed since the pipeline was defined", failure.Message);
    }
}
