using System.Text;
using Lineage.Api.Messaging;
using Lineage.Api.Tests.Platform;
using Lineage.Domain.Messages;
using Lineage.Domain.Runs;

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
        var (runId, _) = await PipelineRuns.RunToVersionAsync(f, "poison", PipelineRuns.Small(batches: 1, batchSize: 10), seed: 5);
        var before = await EventLog.PerStreamAsync(f.Store, runId);
        var errorQueue = f.Service<StageQueues>().QueueOf("generate") + "_error";
        Assert.Equal(0u, (await f.Broker.StatsAsync(errorQueue))?.Messages ?? 0);

        // Batch 7 of a run with one batch per round: the consumer refuses it, and retrying cannot help.
        await f.Service<StageDispatcher>().SendAsync(new GenerateCandidates { RunId = runId, Round = 1, Batch = 7 });

        var status = await Eventually.GetAsync<RunStatus>(async () => await f.GetAsync<RunStatus>($"/runs/{runId}"), s => s.Failures.Count > 0, "the run to show the failure");
        var failure = Assert.Single(status.Failures);
        Assert.Equal(RunState.Failed, status.State);
        Assert.Equal(("generate", 1, 7), (failure.Stage, failure.Round, failure.Batch));
        Assert.Equal(typeof(ArgumentOutOfRangeException).FullName, failure.ExceptionType);
        Assert.Contains("1 batches per round", failure.Message);

        await Eventually.TrueAsync(async () => (await f.Broker.StatsAsync(errorQueue))?.Messages == 1, "the command in " + errorQueue);
        var dead = (await f.Broker.TakeAsync(errorQueue))!;
        Assert.Contains("\"batch\":7", Encoding.UTF8.GetString(dead.Body.Span).Replace(" ", ""));
        Assert.Equal(typeof(ArgumentOutOfRangeException).FullName, Encoding.UTF8.GetString((byte[])dead.BasicProperties.Headers!["MT-Fault-ExceptionType"]!));

        var after = await EventLog.PerStreamAsync(f.Store, runId);
        Assert.Equal(1, after[RunIds.Streams.Failures(runId)]);
        after.Remove(RunIds.Streams.Failures(runId));
        Assert.Equal(before.OrderBy(e => e.Key), after.OrderBy(e => e.Key));
    }
}
