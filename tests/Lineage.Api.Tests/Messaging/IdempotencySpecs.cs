using Lineage.Api.Messaging;
using Lineage.Api.Tests.Platform;
using Lineage.Domain.Examples;
using Lineage.Domain.Messages;
using Lineage.Domain.Runs;
using Lineage.Domain.Versions;
using Marten;
using MassTransit;

namespace Lineage.Api.Tests.Messaging;

/// <summary>
/// Every stage command is sent twice through RabbitMQ, back to back (so the two deliveries may be
/// consumed concurrently) and once more after the stage is done; the event log must hold each
/// stage's output exactly once. The relay is off, so the test's sends are the only ones.
/// </summary>
[Trait("Category", "Integration")]
public class IdempotencySpecs(ManualStagesFixture f) : IClassFixture<ManualStagesFixture>, IAsyncLifetime
{
    private const int Batches = 2;
    private const int BatchSize = 40;
    private readonly ConsumedMessages _consumed = new();
    private ConnectHandle? _observer;
    private string _runId = "";

    public async Task InitializeAsync()
    {
        await f.ResetAsync();
        _observer = f.Service<IBus>().ConnectConsumeObserver(_consumed);
        await PipelineRuns.DefineAsync(f, "twice", PipelineRuns.Small(Batches, BatchSize));
        _runId = await PipelineRuns.StartAsync(f, "twice", seed: 3);
    }

    public Task DisposeAsync()
    {
        _observer?.Disconnect();
        return Task.CompletedTask;
    }

    private async Task TwiceAsync<T>(params T[] commands) where T : class
    {
        var dispatcher = f.Service<StageDispatcher>();
        var before = _consumed.Count<T>();
        foreach (var command in commands)
        {
            await dispatcher.SendAsync(command);
            await dispatcher.SendAsync(command);
        }
        await _consumed.WaitForAsync<T>(before + 2 * commands.Length);
        Assert.Empty(_consumed.Faults);
    }

    private async Task RunEveryStageTwiceAsync()
    {
        await TwiceAsync(new StartRound { RunId = _runId, Round = 1 });
        await TwiceAsync(Enumerable.Range(0, Batches).Select(b => new GenerateCandidates { RunId = _runId, Round = 1, Batch = b }).ToArray());
        await TwiceAsync(Enumerable.Range(0, Batches).Select(b => new VerifyBatch { RunId = _runId, Round = 1, Batch = b }).ToArray());
        await TwiceAsync(new FilterBatch { RunId = _runId, Round = 1 });
        await TwiceAsync(new SealVersion { RunId = _runId });
    }

    [Fact]
    public async Task a_generate_command_delivered_twice_appends_its_batch_once()
    {
        await TwiceAsync(new StartRound { RunId = _runId, Round = 1 });
        await TwiceAsync(new GenerateCandidates { RunId = _runId, Round = 1, Batch = 1 });

        var streams = await EventLog.PerStreamAsync(f.Store, _runId);
        Assert.Equal(BatchSize + 1, streams[RunIds.Streams.Generate(_runId, 1, 1)]);
        Assert.False(streams.ContainsKey(RunIds.Streams.Generate(_runId, 1, 0)));
        Assert.Equal(1, streams[RunIds.Streams.Round(_runId, 1)]);
        Assert.Equal((BatchSize, BatchSize), await EventLog.ExampleEventsAsync<ExampleGenerated>(f.Store, _runId));
    }

    [Fact]
    public async Task every_stage_command_delivered_twice_leaves_each_stage_output_in_the_log_exactly_once()
    {
        await RunEveryStageTwiceAsync();

        var streams = await EventLog.PerStreamAsync(f.Store, _runId);
        var (verified, rejected) = await VerdictsAsync();
        Assert.Equal(Batches * BatchSize, verified + rejected);
        var expected = new Dictionary<string, int>
        {
            [RunIds.Streams.Run(_runId)] = 1,
            [RunIds.Streams.Round(_runId, 1)] = 1,
            [RunIds.Streams.Generate(_runId, 1, 0)] = BatchSize + 1,
            [RunIds.Streams.Generate(_runId, 1, 1)] = BatchSize + 1,
            [RunIds.Streams.Verify(_runId, 1, 0)] = BatchSize + 1,
            [RunIds.Streams.Verify(_runId, 1, 1)] = BatchSize + 1,
            [RunIds.Streams.Filter(_runId, 1)] = verified + 1,
            [RunIds.Version(_runId)] = 2,
        };
        Assert.Equal(expected.OrderBy(e => e.Key), streams.OrderBy(e => e.Key));
        Assert.Equal((Batches * BatchSize, Batches * BatchSize), await EventLog.ExampleEventsAsync<ExampleGenerated>(f.Store, _runId));
        Assert.Equal((verified, verified), await EventLog.ExampleEventsAsync<ExampleVerified>(f.Store, _runId));
    }

    [Fact]
    public async Task commands_redelivered_after_the_run_sealed_append_nothing_and_change_no_hash()
    {
        await RunEveryStageTwiceAsync();
        var before = await EventLog.PerStreamAsync(f.Store, _runId);
        var total = await EventLog.CountAllAsync(f.Store);
        VersionSealed seal;
        await using (var session = f.Store.QuerySession())
            seal = (await session.Events.QueryRawEventDataOnly<VersionSealed>().ToListAsync()).Single();

        await RunEveryStageTwiceAsync();

        Assert.Equal(before.OrderBy(e => e.Key), (await EventLog.PerStreamAsync(f.Store, _runId)).OrderBy(e => e.Key));
        Assert.Equal(total, await EventLog.CountAllAsync(f.Store));
        await using (var session = f.Store.QuerySession())
        {
            var manifest = await session.LoadAsync<DatasetManifest>(seal.VersionId);
            Assert.Equal(seal.ManifestHash, manifest!.Hash);
            Assert.Equal(seal.ExampleCount, manifest.Entries.Count);
        }
    }

    private async Task<(int Verified, int Rejected)> VerdictsAsync() =>
        ((await EventLog.ExampleEventsAsync<ExampleVerified>(f.Store, _runId)).Events,
         (await EventLog.ExampleEventsAsync<ExampleRejected>(f.Store, _runId)).Events);
}
