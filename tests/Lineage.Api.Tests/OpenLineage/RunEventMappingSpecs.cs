using System.Text.Json.Nodes;
using Lineage.Api.OpenLineage;
using Lineage.Domain.Examples;
using Lineage.Domain.Runs;

namespace Lineage.Api.Tests.OpenLineage;

[Trait("Category", "Unit")]
public class RunEventMappingSpecs
{
    private static readonly OpenLineageOptions Options = new() { Sink = OpenLineageSink.Http, Url = "http://marquez:5000", Producer = "https://example.org/lineage" };
    private static readonly RunEventMapper Mapper = new(Options);

    private static Guid Uuid(string key) => NameBasedUuid.V5(NameBasedUuid.LineageNamespace, key);

    private static List<JsonObject> Emitted() =>
        [.. SyntheticRun.Map(Mapper, SyntheticRun.Events()).Select(e => JsonNode.Parse(e.ToJson())!.AsObject())];

    private static string RunIdOf(JsonObject e) => (string)e["run"]!["runId"]!;

    [Fact]
    public void every_event_of_a_whole_run_is_valid_against_the_openlineage_schema_and_its_facet_schemas()
    {
        var events = SyntheticRun.Map(Mapper, SyntheticRun.Events());
        Assert.NotEmpty(events);
        Assert.All(events, e => Assert.Empty(OpenLineageSchema.Violations(e.ToJson())));
    }

    [Fact]
    public void each_stage_run_gets_one_start_then_one_complete_under_its_uuid_and_stage_job_with_the_run_as_parent()
    {
        var events = Emitted();
        var runUuid = Uuid($"run:{SyntheticRun.RunId}").ToString();
        var keys = SyntheticRun.StageRunKeys();
        foreach (var key in keys)
        {
            var id = Uuid(key).ToString();
            var mine = events.Select((e, i) => (e, i)).Where(x => RunIdOf(x.e) == id).ToList();
            Assert.True(mine.Count == 2, $"{key}: {mine.Count} events");
            Assert.Equal(["START", "COMPLETE"], mine.Select(x => (string)x.e["eventType"]!));
            var stage = key.Split(':')[key.Split(':').Length - (char.IsDigit(key[^1]) ? 2 : 1)];
            Assert.All(mine, x =>
            {
                Assert.Equal($"{SyntheticRun.Pipeline}.{stage}", (string)x.e["job"]!["name"]!);
                Assert.Equal("lineage", (string)x.e["job"]!["namespace"]!);
                Assert.Equal(runUuid, (string)x.e["run"]!["facets"]!["parent"]!["run"]!["runId"]!);
                Assert.Equal(SyntheticRun.Pipeline, (string)x.e["run"]!["facets"]!["parent"]!["job"]!["name"]!);
            });
        }
        // The run's own pair opens and closes the stream; nothing else was emitted.
        Assert.Equal(("START", runUuid), ((string)events[0]["eventType"]!, RunIdOf(events[0])));
        Assert.Equal(("COMPLETE", runUuid), ((string)events[^1]["eventType"]!, RunIdOf(events[^1])));
        Assert.Equal(2 * (keys.Count + 1), events.Count);
    }

    [Fact]
    public void the_run_reads_its_seed_file_benchmark_proxy_and_parent_and_completes_with_the_sealed_version()
    {
        var complete = Emitted()[^1];
        var inputs = complete["inputs"]!.AsArray().Select(d => ((string)d!["namespace"]!, (string)d["name"]!, (string?)d["facets"]?["version"]?["datasetVersion"])).ToList();
        Assert.Equal(
        [
            ("file", SyntheticRun.SeedFile, SyntheticRun.SeedSha),
            ("file", SyntheticRun.BenchmarkFile, SyntheticRun.BenchmarkSha),
            ("lineage", "proxy/default", null),
            ("lineage", "ver-parent000000", null),
        ], inputs);

        var version = Assert.Single(complete["outputs"]!.AsArray())!;
        Assert.Equal(("lineage", RunIds.Version(SyntheticRun.RunId)), ((string)version["namespace"]!, (string)version["name"]!));
        Assert.Equal(SyntheticRun.ManifestHash, (string)version["facets"]!["version"]!["datasetVersion"]!);
        var facet = version["facets"]!["lineage_version"]!;
        Assert.Equal((SyntheticRun.ManifestHash, 11, 32, 16), ((string)facet["manifestHash"]!, (int)facet["exampleCount"]!, (int)facet["generated"]!, (int)facet["droppedByRule"]!["sparse-cluster"]!));
        Assert.Equal(0.375, (double)facet["metrics"]!["gvendi.round2"]!);
        Assert.Equal(11, (long)version["outputFacets"]!["outputStatistics"]!["rowCount"]!);
        var run = complete["run"]!["facets"]!["lineage_run"]!;
        Assert.Equal((SyntheticRun.RunId, SyntheticRun.Config.Hash(), 42L), ((string)run["runId"]!, (string)run["configHash"]!, (long)run["seed"]!));
    }

    [Fact]
    public void a_stage_completion_carries_the_numbers_its_event_recorded_and_the_datasets_its_stage_uses()
    {
        var events = Emitted();
        JsonObject Complete(string key) => events.Single(e => RunIdOf(e) == Uuid(key).ToString() && (string)e["eventType"]! == "COMPLETE");
        var run = $"run:{SyntheticRun.RunId}";

        var filter = Complete($"{run}:r2:filter")["run"]!["facets"]!["lineage_stage"]!;
        Assert.Equal(("filter", 2, "RoundFiltered".ToLowerInvariant()), ((string)filter["stage"]!, (int)filter["round"]!, ((string)filter["event"]!).Replace("_", "")));
        Assert.Equal((0.5, 7, 9, 6), ((double)filter["metrics"]!["gVendi"]!, (int)filter["metrics"]!["kept"]!, (int)filter["metrics"]!["dropped"]!, (int)filter["metrics"]!["droppedByRule"]!["sparse-cluster"]!));
        Assert.Null(filter["metrics"]!["round"]);
        var benchmark = Assert.Single(Complete($"{run}:r2:filter")["inputs"]!.AsArray())!;
        Assert.Equal(SyntheticRun.BenchmarkFile, (string)benchmark["name"]!);

        var generate = Complete($"{run}:r1:generate:1")["run"]!["facets"]!["lineage_stage"]!;
        Assert.Equal((1, 1, 8), ((int)generate["round"]!, (int)generate["batch"]!, (int)generate["metrics"]!["count"]!));

        var cluster = Complete($"{run}:r2:cluster")["run"]!["facets"]!["lineage_stage"]!["metrics"]!;
        Assert.Equal((0.25, 3, 22), ((double)cluster["poolGVendi"]!, (int)cluster["k"]!, (int)cluster["poolSize"]!));
        Assert.Null(cluster["sizes"]);

        var proxy = Assert.Single(Complete($"{run}:r1:embed:0")["inputs"]!.AsArray())!;
        Assert.Equal(("proxy/default", SyntheticRun.WeightsSha), ((string)proxy["name"]!, (string)proxy["facets"]!["version"]!["datasetVersion"]!));

        var seal = Complete($"{run}:seal");
        Assert.Equal(SyntheticRun.ManifestHash, (string)Assert.Single(seal["outputs"]!.AsArray())!["facets"]!["lineage_version"]!["manifestHash"]!);
        Assert.Equal("ver-parent000000", (string)Assert.Single(seal["inputs"]!.AsArray())!["name"]!);
        Assert.Equal(SyntheticRun.SeedFile, (string)Assert.Single(Complete($"{run}:seeds")["inputs"]!.AsArray())!["name"]!);
        Assert.Empty(Complete($"{run}:r1:verify:0")["inputs"]!.AsArray());
    }

    [Fact]
    public void mapping_the_same_committed_events_again_yields_the_same_events_byte_for_byte()
    {
        var first = SyntheticRun.Map(Mapper, SyntheticRun.Events()).Select(e => e.ToJson()).ToList();
        var again = SyntheticRun.Map(new RunEventMapper(Options), SyntheticRun.Events()).Select(e => e.ToJson()).ToList();
        Assert.Equal(first, again);
    }

    [Fact]
    public void a_stage_failure_fails_the_stage_run_and_the_run_with_the_error_and_stays_valid()
    {
        var failed = new StageFailed(SyntheticRun.RunId, "embed", 1, 1, "System.IO.IOException", "disk full", DateTimeOffset.UnixEpoch);
        var events = SyntheticRun.Map(Mapper, [SyntheticRun.Started, failed]).Skip(2).ToList();

        Assert.Equal(2, events.Count);
        var (stage, run) = (events[0], events[1]);
        Assert.Equal(("FAIL", Uuid($"run:{SyntheticRun.RunId}:r1:embed:1")), (stage.EventType, stage.Run.RunId));
        Assert.Equal(("FAIL", Uuid($"run:{SyntheticRun.RunId}")), (run.EventType, run.Run.RunId));
        Assert.All(events, e =>
        {
            Assert.Equal("System.IO.IOException: disk full", ((ErrorMessageRunFacet)e.Run.Facets["errorMessage"]).Message);
            Assert.Empty(e.Outputs);
            Assert.Empty(OpenLineageSchema.Violations(e.ToJson()));
        });
    }

    [Fact]
    public void per_example_events_and_completions_that_finish_no_round_start_nothing()
    {
        var generated = new CandidatesGenerated(SyntheticRun.RunId, 1, 0, 8, 0);
        var first = Mapper.Map(new CommittedEvent(new BatchVerified(SyntheticRun.RunId, 1, 0, 5, 3), DateTimeOffset.UnixEpoch), SyntheticRun.Started, completedBatches: 1);
        // The verify batch completes and starts its own embed batch, not the round's cluster.
        Assert.Equal(["COMPLETE", "START"], first.Select(e => e.EventType));
        Assert.Equal("synthetic.embed", first[1].Job.Name);
        Assert.Equal(2, Mapper.Map(new CommittedEvent(generated, DateTimeOffset.UnixEpoch), SyntheticRun.Started).Count);
        var lastEmbed = Mapper.Map(new CommittedEvent(new BatchEmbedded(SyntheticRun.RunId, 1, 1, 5, "default", SyntheticRun.WeightsSha), DateTimeOffset.UnixEpoch), SyntheticRun.Started, completedBatches: 2);
        Assert.Equal(["synthetic.embed", "synthetic.cluster"], lastEmbed.Select(e => e.Job.Name));
        Assert.Empty(Mapper.Map(new CommittedEvent(new PipelinesDefinedStandIn(), DateTimeOffset.UnixEpoch), SyntheticRun.Started));
    }

    private sealed record PipelinesDefinedStandIn;
}
