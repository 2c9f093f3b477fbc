using System.Text.Json.Nodes;
using Lineage.Api.Tests.Platform;

namespace Lineage.Api.Tests.OpenLineage;

[Trait("Category", "Integration")]
public class UnreachableReceiverSpecs(UnreachableReceiverFixture f) : IClassFixture<UnreachableReceiverFixture>, IAsyncLifetime
{
    public Task InitializeAsync() => f.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task a_receiver_that_is_down_for_good_neither_fails_nor_holds_up_the_run()
    {
        var config = PipelineRuns.Small(batches: 2, batchSize: 10);
        // A run emits 16 events and the queue holds 4: the subscription is left waiting while the run goes on.
        var (_, status) = await PipelineRuns.RunToVersionAsync(f, "receiver-down", config, seed: 12);

        Assert.Empty(status.Failures);
        Assert.NotNull(status.ManifestHash);
        await Eventually.TrueAsync(() => Task.FromResult(f.Stats.FailedAttempts >= 2), "the sender to have tried and paused twice");
        Assert.Equal(0, f.Stats.Sent);
    }
}

[Trait("Category", "Integration")]
public class FileSinkSpecs(FileSinkFixture f) : IClassFixture<FileSinkFixture>, IAsyncLifetime
{
    public Task InitializeAsync() => f.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    private List<JsonObject>? ReadLines()
    {
        if (!File.Exists(f.EventsFile)) return null;
        using var stream = new FileStream(f.EventsFile, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        var text = new StreamReader(stream).ReadToEnd();
        // Only whole lines: the sender may be writing the next one.
        return [.. text.Split('\n')[..^1].Select(line => JsonNode.Parse(line)!.AsObject())];
    }

    [Fact]
    public async Task the_file_sink_appends_one_valid_event_a_line_for_the_run_and_every_stage_run()
    {
        var config = PipelineRuns.Small(batches: 3, batchSize: 8);
        var (runId, status) = await PipelineRuns.RunToVersionAsync(f, "to-file", config, seed: 13);
        var events = await Eventually.GetAsync(() => Task.FromResult(ReadLines() is { } lines ? EmittedRuns.Of(lines, runId) : null),
            e => EmittedRuns.HasCompleted(e, runId), "the run's COMPLETE line");

        EmittedRuns.AssertPairs(events, runId, "to-file", "field-team", EmittedRuns.StageRuns(runId, config, rounds: 1));
        var output = EmittedRuns.Single(events, $"run:{runId}", "COMPLETE")["outputs"]![0]!;
        Assert.Equal(("field-team", status.VersionId, status.ManifestHash),
            ((string)output["namespace"]!, (string?)output["name"], (string?)output["facets"]!["version"]!["datasetVersion"]));
    }
}
