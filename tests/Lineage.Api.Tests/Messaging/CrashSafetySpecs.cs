using Lineage.Api.Tests.Platform;
using Lineage.Api.Versions;
using Lineage.Domain.Examples;
using Lineage.Domain.Messages;
using Lineage.Domain.Runs;
using Marten;
using Npgsql;

namespace Lineage.Api.Tests.Messaging;

/// <summary>
/// Generation runs in separate worker processes. The first is killed (SIGKILL) while it holds an open
/// write transaction for a batch; a second worker then receives the unacknowledged command again and
/// the run completes with every batch exactly once.
/// </summary>
[Trait("Category", "Integration")]
public class CrashSafetySpecs(ExternalGeneratorFixture f) : IClassFixture<ExternalGeneratorFixture>, IAsyncLifetime
{
    // Large enough that appending one batch takes a while, so the kill lands inside the transaction.
    private const int Batches = 2;
    private const int BatchSize = 3000;

    public Task InitializeAsync() => f.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task a_worker_killed_mid_batch_loses_nothing_and_the_redelivered_command_completes_the_batch_once()
    {
        var config = PipelineRuns.Small(Batches, BatchSize) with { Length = new() { MinChars = 0, MaxChars = 100_000 } };
        await PipelineRuns.DefineAsync(f, "crash", config);
        var generateQueue = f.Options.RabbitMq.QueuePrefix + "-generate";

        await using var first = WorkerProcess.Start(f.Options, "generate", "lineage-test-worker-1");
        await Eventually.TrueAsync(async () => (await f.Broker.StatsAsync(generateQueue))?.Consumers == 1 || first.HasExited,
            "the first worker to consume " + generateQueue);
        Assert.False(first.HasExited, first.Output);

        var runId = await PipelineRuns.StartAsync(f, "crash", seed: 9);
        await Eventually.TrueAsync(() => WritingAsync(first.ApplicationName), "the first worker to open a write transaction");
        await first.KillAsync();
        await Eventually.TrueAsync(async () => !await ConnectedAsync(first.ApplicationName), "PostgreSQL to drop the killed worker's connections");

        var afterKill = await GeneratedPerBatchAsync(runId);
        Assert.All(afterKill, n => Assert.True(n is 0 or BatchSize + 1, $"a batch stream holds {n} events: a partial batch"));
        Assert.Contains(0, afterKill);
        await using (var session = f.Store.QuerySession())
            Assert.Equal(afterKill.Count(n => n > 0) * BatchSize, await session.Query<ExampleLineage>().CountAsync(x => x.RunId == runId));

        await using var second = WorkerProcess.Start(f.Options, "generate", "lineage-test-worker-2");
        var status = await PipelineRuns.WaitForVersionAsync(f, runId);

        Assert.Equal(Enumerable.Repeat(BatchSize + 1, Batches), await GeneratedPerBatchAsync(runId));
        Assert.Equal((Batches * BatchSize, Batches * BatchSize), await EventLog.ExampleEventsAsync<ExampleGenerated>(f.Store, runId));
        Assert.Equal(Batches * BatchSize, status.Rounds[0].Generated);
        Assert.Equal(Batches, status.Rounds[0].GeneratedBatches);
        var rebuild = await f.Service<VersionRebuilder>().RebuildAsync(status.VersionId!, CancellationToken.None);
        Assert.True(rebuild!.Matches);
        Assert.False(second.HasExited, second.Output);
    }

    private async Task<List<int>> GeneratedPerBatchAsync(string runId)
    {
        var streams = await EventLog.PerStreamAsync(f.Store, runId);
        return Enumerable.Range(0, Batches).Select(b => streams.GetValueOrDefault(RunIds.Streams.Generate(runId, 1, b))).ToList();
    }

    /// <summary>True while a backend of the worker has an open transaction that has written (it holds an xid).</summary>
    private async Task<bool> WritingAsync(string applicationName) =>
        await CountBackendsAsync(applicationName, "and backend_xid is not null") > 0;

    private async Task<bool> ConnectedAsync(string applicationName) => await CountBackendsAsync(applicationName, "") > 0;

    private async Task<long> CountBackendsAsync(string applicationName, string condition)
    {
        await using var connection = new NpgsqlConnection(f.Options.Postgres);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"select count(*) from pg_stat_activity where application_name = @app {condition}", connection);
        command.Parameters.AddWithValue("app", applicationName);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
