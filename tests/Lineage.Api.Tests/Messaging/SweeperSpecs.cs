using Lineage.Api.Messaging;
using Lineage.Api.Options;
using Lineage.Api.Tests.Platform;
using Lineage.Api.Versions;
using Lineage.Domain.Examples;
using Lineage.Domain.Runs;
using Lineage.Domain.Versions;
using Marten;
using Microsoft.Extensions.Logging.Abstractions;

namespace Lineage.Api.Tests.Messaging;

/// <summary>
/// With no relay at all, the sweeper alone moves a run from its start to a sealed version: each pass sends what the
/// log calls for and has not completed, and the stages' idempotency absorbs what it sends while the work is running.
/// </summary>
[Trait("Category", "Integration")]
public sealed class SweeperSpecs(ManualStagesFixture f) : IClassFixture<ManualStagesFixture>, IAsyncLifetime
{
    public Task InitializeAsync() => f.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task sweeping_a_run_nobody_relays_drives_it_to_a_version_with_every_example_once()
    {
        var config = PipelineRuns.Small(batches: 2, batchSize: 6) with { Rounds = 2 };
        await PipelineRuns.DefineAsync(f, "swept", config);
        var runId = await PipelineRuns.StartAsync(f, "swept", seed: 17);
        var sweeper = new StalledRunSweeper(f.Store, f.Service<StageDispatcher>(),
            new LineageOptions { Sweep = new SweepOptions { StallSeconds = 0 } }, TimeProvider.System, NullLogger<StalledRunSweeper>.Instance);

        var first = await sweeper.SweepAsync(CancellationToken.None);
        Assert.Equal([new Domain.Messages.StartRound { RunId = runId, Round = 1 }], first[runId]);

        string? versionId = null;
        var deadline = DateTime.UtcNow.AddMinutes(3);
        while (versionId is null && DateTime.UtcNow < deadline)
        {
            await Task.Delay(500);
            await sweeper.SweepAsync(CancellationToken.None);
            await using var session = f.Store.QuerySession();
            versionId = (await session.Events.QueryRawEventDataOnly<VersionSealed>().Where(v => v.RunId == runId).ToListAsync()).SingleOrDefault()?.VersionId;
        }

        Assert.NotNull(versionId);
        Assert.False((await sweeper.SweepAsync(CancellationToken.None)).ContainsKey(runId), "a sealed run is not swept");
        var streams = await EventLog.PerStreamAsync(f.Store, runId);
        foreach (var round in new[] { 1, 2 })
        foreach (var batch in new[] { 0, 1 })
            Assert.Equal(6 + 1, streams[RunIds.Streams.Generate(runId, round, batch)]);
        Assert.Equal((24, 24), await EventLog.ExampleEventsAsync<ExampleGenerated>(f.Store, runId));
        var rebuild = await f.Service<VersionRebuilder>().RebuildAsync(versionId, CancellationToken.None);
        Assert.True(rebuild!.Matches);
    }

    [Fact]
    public async Task a_run_with_a_failed_stage_is_not_swept_and_one_without_is()
    {
        var config = PipelineRuns.Small(batches: 1, batchSize: 4);
        await PipelineRuns.DefineAsync(f, "failing", config);
        var failed = await PipelineRuns.StartAsync(f, "failing", seed: 1);
        var live = await PipelineRuns.StartAsync(f, "failing", seed: 2);
        await using (var session = f.Store.LightweightSession())
        {
            session.Events.Append(RunIds.Streams.Failures(failed),
                new StageFailed(failed, "generate", 1, 0, typeof(TimeoutException).FullName!, "from a test", DateTimeOffset.UtcNow));
            await session.SaveChangesAsync();
        }
        var sweeper = new StalledRunSweeper(f.Store, f.Service<StageDispatcher>(),
            new LineageOptions { Sweep = new SweepOptions { StallSeconds = 0 } }, TimeProvider.System, NullLogger<StalledRunSweeper>.Instance);

        var sent = await sweeper.SweepAsync(CancellationToken.None);
        Assert.False(sent.ContainsKey(failed), "a run whose stage failed is not swept");
        Assert.Equal([new Domain.Messages.StartRound { RunId = live, Round = 1 }], sent[live]);
    }
}
