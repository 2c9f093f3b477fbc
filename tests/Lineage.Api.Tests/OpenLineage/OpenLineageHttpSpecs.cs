using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Lineage.Api.Tests.Platform;
using Lineage.Domain.Pipelines;
using Lineage.Domain.Versions;

namespace Lineage.Api.Tests.OpenLineage;

/// <summary>Real runs over the real bus and store, their OpenLineage events received by a real HTTP server.</summary>
[Trait("Category", "Integration")]
public class OpenLineageHttpSpecs(OpenLineageHttpFixture f) : IClassFixture<OpenLineageHttpFixture>, IAsyncLifetime
{
    public async Task InitializeAsync()
    {
        f.Receiver.FailNext(0);
        await f.ResetAsync();
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private Task<List<JsonObject>> ReceivedAsync(string runId) => Eventually.GetAsync(
        () => Task.FromResult<List<JsonObject>?>(EmittedRuns.Of(f.Receiver.Accepted.Select(r => r.Event), runId)),
        events => EmittedRuns.HasCompleted(events, runId), $"the COMPLETE of run {runId}");

    [Fact]
    public async Task a_prismatic_run_emits_start_and_complete_for_itself_and_every_stage_run_with_its_datasets_and_facets()
    {
        var seeds = Path.Combine(f.Options.DataDirectory, "ol-seeds.jsonl");
        var benchmark = Path.Combine(f.Options.DataDirectory, "ol-benchmark.jsonl");
        PipelineRuns.WriteSeedFile(seeds, seed: 77, count: 16);
        PipelineRuns.WriteSeedFile(benchmark, seed: 78, count: 20);
        var config = new PipelineConfig
        {
            Rounds = 1,
            BatchesPerRound = 2,
            BatchSize = 12,
            Generator = new GeneratorConfig { ErrorRate = 0.1 },
            Length = new LengthBounds { MinChars = 150, MaxChars = 1200 },
            Diversity = new DiversityConfig { Mode = "fast", Dimension = 32, KRatio = 0.25, R = 0.5, Iterations = 8 },
            Seeds = new SeedPoolConfig { File = seeds, Limit = 16 },
            Decontamination = new DecontaminationConfig { Files = [benchmark], N = 13 },
        };
        var (runId, status) = await PipelineRuns.RunToVersionAsync(f, "prismatic-ol", config, seed: 3);
        var version = await f.GetAsync<VersionSealed>($"/versions/{status.VersionId}");
        var events = await ReceivedAsync(runId);

        var stageRuns = EmittedRuns.StageRuns(runId, config, rounds: 1);
        Assert.Equal(8, stageRuns.Select(s => s.Stage).Distinct().Count());
        EmittedRuns.AssertPairs(events, runId, "prismatic-ol", "lineage", stageRuns);
        Assert.All(f.Receiver.Accepted, r => Assert.Equal($"Bearer {OpenLineageHttpFixture.ApiKey}", r.Authorization));

        // The run read the seed file, the benchmark and the default proxy, each file versioned by its own SHA-256.
        var complete = EmittedRuns.Single(events, $"run:{runId}", "COMPLETE");
        var inputs = complete["inputs"]!.AsArray().Select(d => ((string)d!["namespace"]!, (string)d["name"]!, (string?)d["facets"]?["version"]?["datasetVersion"])).ToList();
        Assert.Equal(
        [
            ("file", Path.GetFullPath(seeds), Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(seeds)))),
            ("file", Path.GetFullPath(benchmark), Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(benchmark)))),
            ("lineage", "proxy/default", null),
        ], inputs);

        // It wrote the sealed version: its manifest hash, size and counts are the ones the API serves.
        var output = Assert.Single(complete["outputs"]!.AsArray())!;
        Assert.Equal(version.VersionId, (string)output["name"]!);
        Assert.Equal(version.ManifestHash, (string)output["facets"]!["version"]!["datasetVersion"]!);
        var facet = output["facets"]!["lineage_version"]!;
        Assert.Equal((version.ManifestHash, version.ExampleCount, version.Kept, version.Dropped, version.ConfigHash),
            ((string)facet["manifestHash"]!, (int)facet["exampleCount"]!, (int)facet["kept"]!, (int)facet["dropped"]!, (string)facet["configHash"]!));
        Assert.Equal(version.ExampleCount, (int)output["outputFacets"]!["outputStatistics"]!["rowCount"]!);
        Assert.Equal(version.ConfigHash, (string)complete["run"]!["facets"]!["lineage_run"]!["configHash"]!);

        // The filter's COMPLETE carries the round's counts and G-Vendi, which the version recorded independently.
        var filter = EmittedRuns.Single(events, $"run:{runId}:r1:filter", "COMPLETE")["run"]!["facets"]!["lineage_stage"]!["metrics"]!;
        Assert.Equal((version.Kept, version.Metrics["gvendi.round1"]), ((int)filter["kept"]!, (double)filter["gVendi"]!));
        var round = Assert.Single(status.Rounds);
        var generated = Enumerable.Range(0, 2).Sum(b => (int)EmittedRuns.Single(events, $"run:{runId}:r1:generate:{b}", "COMPLETE")["run"]!["facets"]!["lineage_stage"]!["metrics"]!["count"]!);
        Assert.Equal(round.Generated, generated);
        var weights = EmittedRuns.Single(events, $"run:{runId}:r1:embed:1", "COMPLETE")["inputs"]![0]!["facets"]!["version"]!["datasetVersion"]!;
        Assert.Matches("^[0-9a-f]{64}$", (string)weights!);
    }

    [Fact]
    public async Task a_receiver_that_refuses_its_first_requests_still_receives_every_event_exactly_once()
    {
        var before = f.Stats.FailedAttempts;
        f.Receiver.FailNext(5);
        var config = PipelineRuns.Small(batches: 2, batchSize: 10);
        var (runId, _) = await PipelineRuns.RunToVersionAsync(f, "flaky-receiver", config, seed: 11);
        var events = await ReceivedAsync(runId);

        Assert.Equal(5, f.Receiver.Refused);
        // Three quick retries a request, then the sender's pause and a fifth refusal before the first event got through.
        Assert.Equal(1, f.Stats.FailedAttempts - before);
        EmittedRuns.AssertPairs(events, runId, "flaky-receiver", "lineage", EmittedRuns.StageRuns(runId, config, rounds: 1));
        Assert.Equal(events.Count, events.Select(e => e.ToJsonString()).Distinct().Count());
    }
}
