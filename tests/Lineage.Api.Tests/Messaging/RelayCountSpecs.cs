using Lineage.Api.EventStore;
using Lineage.Api.Tests.Platform;
using Lineage.Domain.Examples;
using Lineage.Domain.Messages;
using Lineage.Domain.Runs;
using Lineage.Domain.Stages;
using Marten;

namespace Lineage.Api.Tests.Messaging;

/// <summary>
/// The relay counts a round's completed batches up to the event it is relaying. When both batches of a round are
/// committed before the relay reaches the first, counting the whole log would tell it, at each of the two, that the
/// round is complete, and the round's next command would be sent twice.
/// </summary>
[Trait("Category", "Integration")]
public sealed class RelayCountSpecs(ManualStagesFixture f) : IClassFixture<ManualStagesFixture>, IAsyncLifetime
{
    public Task InitializeAsync() => f.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task two_completions_already_committed_send_the_rounds_next_command_once()
    {
        var config = PipelineRuns.Small(batches: 2, batchSize: 4);
        await PipelineRuns.DefineAsync(f, "counted", config);
        var runId = await PipelineRuns.StartAsync(f, "counted", seed: 3);
        foreach (var batch in new[] { 0, 1 })
        {
            await using var session = f.Store.LightweightSession();
            session.Events.Append(RunIds.Streams.Verify(runId, 1, batch), new BatchVerified(runId, 1, batch, 4, 0));
            await session.SaveChangesAsync();
        }
        await using var reader = f.Store.QuerySession();
        var completions = new List<(BatchVerified Event, long Sequence)>();
        foreach (var batch in new[] { 0, 1 })
        {
            var e = (await reader.Events.FetchStreamAsync(RunIds.Streams.Verify(runId, 1, batch))).Single();
            completions.Add(((BatchVerified)e.Data, e.Sequence));
        }
        Assert.True(completions[0].Sequence < completions[1].Sequence);

        var counts = new List<int>();
        var sent = new List<object>();
        foreach (var (e, sequence) in completions)
        {
            var count = await RunReader.CountAsync(reader, typeof(BatchVerified), config, runId, 1, CancellationToken.None, through: sequence);
            counts.Add(count);
            sent.AddRange(StagePlanner.Next(e, config, count));
        }

        Assert.Equal([1, 2], counts);
        Assert.Equal([new FilterBatch { RunId = runId, Round = 1 }], sent);
        // Without the bound, both see the round complete.
        Assert.Equal(2, await RunReader.CountAsync(reader, typeof(BatchVerified), config, runId, 1, CancellationToken.None));
    }
}
