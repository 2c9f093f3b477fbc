using Lineage.Api.Messaging;
using Lineage.Api.Runs;
using Lineage.Domain.Messages;
using Lineage.Domain.Pipelines;
using Lineage.Domain.Runs;
using Lineage.Faults.Campaign;
using Lineage.Api.Tests.Platform;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Lineage.Api.Tests.Reliability;

/// <summary>
/// A stage command is delivered while the (private) PostgreSQL is down, for longer than the quick retries last. The
/// consumer must hold it until the database is back, then do it once; and the host, whose pooled connections the
/// restart killed, must go on working.
/// </summary>
[Trait("Category", "Integration")]
[Collection(PrivateServicesCollection.Name)]
public class DatabaseOutageSpecs(PrivateServicesFixture f)
{
    private const int BatchSize = 20;

    [PrivateServicesFact]
    public async Task a_command_that_arrives_while_the_database_is_down_waits_for_it_and_is_done_once_when_it_is_back()
    {
        var services = f.Services;
        var token = Guid.NewGuid().ToString("N")[..8];
        var (schema, prefix) = ($"outage_{token}", $"outage-{token}");
        var data = Directory.CreateTempSubdirectory("lineage-outage-").FullName;
        await using var host = CampaignHost.Build(services, schema, prefix, data, LogLevel.None, o =>
        {
            o.Stages = ["all"];
            o.Relay = false;
        });
        await host.Services.GetRequiredService<IDocumentStore>().Storage.ApplyAllConfiguredChangesToDatabaseAsync();
        await host.StartAsync();
        try
        {
            var launcher = host.Services.GetRequiredService<RunLauncher>();
            var dispatcher = host.Services.GetRequiredService<StageDispatcher>();
            await launcher.DefineAsync("outage", new PipelineConfig { BatchesPerRound = 1, BatchSize = BatchSize }, CancellationToken.None);
            var runId = (await launcher.StartAsync("outage", 11, null, null, CancellationToken.None))!.RunId;
            await dispatcher.SendAsync(new StartRound { RunId = runId, Round = 1 });
            await Eventually.TrueAsync(async () => await EventsInAsync(schema, RunIds.Streams.Round(runId, 1)) == 1, "round 1 to start");

            await services.Postgres.StopServerAsync();
            await dispatcher.SendAsync(new GenerateCandidates { RunId = runId, Round = 1, Batch = 0 });
            // The quick retries are spent after 1.6 s; without more the command would be in the error queue by now.
            await Task.Delay(TimeSpan.FromSeconds(8));
            Assert.Empty(await DeadLetters.CountAsync(services, prefix));
            await services.Postgres.StartServerAsync();

            var generate = RunIds.Streams.Generate(runId, 1, 0);
            await Eventually.TrueAsync(async () => await EventsInAsync(schema, generate) > 0, "the batch generated after the restart");
            Assert.Equal(BatchSize + 1, await EventsInAsync(schema, generate));
            Assert.Equal(0, await EventsInAsync(schema, RunIds.Streams.Failures(runId)));
            Assert.Empty(await DeadLetters.CountAsync(services, prefix));

            // The host's own pool held connections the restart killed: it still starts runs and takes stages.
            var second = (await launcher.StartAsync("outage", 12, null, null, CancellationToken.None))!;
            Assert.True(second.Started);
            await dispatcher.SendAsync(new VerifyBatch { RunId = runId, Round = 1, Batch = 0 });
            await Eventually.TrueAsync(async () => await EventsInAsync(schema, RunIds.Streams.Verify(runId, 1, 0)) == BatchSize + 1, "the batch verified");
        }
        finally
        {
            await host.StopAsync();
            Directory.Delete(data, recursive: true);
        }
    }

    /// <summary>Counted over a connection of the test's own, outside the host's pool.</summary>
    private async Task<long> EventsInAsync(string schema, string stream)
    {
        await using var connection = new NpgsqlConnection(f.Services.Postgres.ConnectionString + ";Pooling=false");
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"select count(*) from {schema}.mt_events where stream_id = @stream", connection);
        command.Parameters.AddWithValue("stream", stream);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
