using System.Net.Http.Json;
using System.Text;
using Lineage.Api.Messaging;
using Lineage.Api.Tests.Platform;
using Lineage.Domain.Messages;
using Lineage.Domain.Runs;
using Marten;

namespace Lineage.Api.Tests.Messaging;

[Trait("Category", "Integration")]
[Collection(PlatformCollection.Name)]
public class PoisonMessageSpecs(PlatformFixture f) : IAsyncLifetime
{
    public Task InitializeAsync() => f.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task a_command_that_can_never_succeed_ends_in_the_error_queue_and_fails_the_run_keeping_its_events()
    {
        // A seed file that changed after the pipeline was defined: the seeds stage refuses it, and retrying cannot help.
        var seeds = Path.Combine(f.Options.DataDirectory, "poison", "train.jsonl");
        PipelineRuns.WriteSeedFile(seeds, seed: 5, count: 4);
        await PipelineRuns.DefineAsync(f, "poison", PipelineRuns.Small(batches: 1, batchSize: 10) with
        {
            Seeds = new Domain.Pipelines.SeedPoolConfig { File = seeds, Limit = 4 },
        });
        File.AppendAllText(seeds, "{\"question\":\"What is 1+1?\",\"answer\":\"#### 2\"}\n");
        var errorQueue = f.Service<StageQueues>().QueueOf("seeds") + "_error";
        Assert.Equal(0u, (await f.Broker.StatsAsync(errorQueue))?.Messages ?? 0);

        var runId = await PipelineRuns.StartAsync(f, "poison", seed: 5);

        // The run's status is an async projection: until it has caught up, the run is 404.
        var status = await Eventually.GetAsync<RunStatus>(async () =>
        {
            using var response = await f.Client.GetAsync($"/runs/{runId}");
            return response.IsSuccessStatusCode ? await response.Content.ReadFromJsonAsync<RunStatus>(LineageFixture.Json) : null;
        }, s => s.Failures.Count > 0, "the run to show the failure");
        var failure = Assert.Single(status.Failures);
        Assert.Equal(RunState.Failed, status.State);
        Assert.Equal(("seeds", (int?)null, (int?)null), (failure.Stage, failure.Round, failure.Batch));
        Assert.Equal(typeof(InvalidOperationException).FullName, failure.ExceptionType);
        Assert.Contains("changed since the pipeline was defined", failure.Message);

        await Eventually.TrueAsync(async () => (await f.Broker.StatsAsync(errorQueue))?.Messages == 1, "the command in " + errorQueue);
        var dead = (await f.Broker.TakeAsync(errorQueue))!;
        Assert.Contains(runId, Encoding.UTF8.GetString(dead.Body.Span));
        Assert.Equal(typeof(InvalidOperationException).FullName, Encoding.UTF8.GetString((byte[])dead.BasicProperties.Headers!["MT-Fault-ExceptionType"]!));

        // The run's start stays; the failure is all that was added.
        var after = await EventLog.PerStreamAsync(f.Store, runId);
        Assert.Equal([RunIds.Streams.Run(runId), RunIds.Streams.Failures(runId)], after.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(1, after[RunIds.Streams.Failures(runId)]);
    }

    [Fact]
    public async Task a_command_outside_the_run_is_refused_once_not_retried_into_the_error_queue()
    {
        var (runId, _) = await PipelineRuns.RunToVersionAsync(f, "poison", PipelineRuns.Small(batches: 1, batchSize: 10), seed: 5);
        var before = await EventLog.PerStreamAsync(f.Store, runId);
        var errorQueue = f.Service<StageQueues>().QueueOf("generate") + "_error";

        // Batch 7 of a run with one batch per round, twice: stage order refuses it, and records that once.
        var command = new GenerateCandidates { RunId = runId, Round = 1, Batch = 7 };
        await f.Service<StageDispatcher>().SendAsync(command);
        await f.Service<StageDispatcher>().SendAsync(command);

        await using var session = f.Store.QuerySession();
        var refused = await Eventually.GetAsync(async () =>
            (await session.Events.QueryRawEventDataOnly<Domain.Stages.StageRefused>().Where(r => r.RunId == runId).ToListAsync()).ToList(),
            r => r.Count > 0, "the refusal");
        var refusal = Assert.Single(refused);
        Assert.Equal(("generate", 1, 7, Domain.Stages.StageConditions.BatchOutOfRange), (refusal.Stage, refusal.Round!.Value, refusal.Batch!.Value, refusal.Condition));
        Assert.Contains("1 batches per round", refusal.Reason);
        Assert.Equal(0u, (await f.Broker.StatsAsync(errorQueue))?.Messages ?? 0);
        var after = await EventLog.PerStreamAsync(f.Store, runId);
        Assert.Equal(before.Count + 1, after.Count);
        Assert.All(before, b => Assert.Equal(b.Value, after[b.Key]));
    }
}
