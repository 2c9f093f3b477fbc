using Lineage.Api.Cli;
using Lineage.Domain.Pipelines;
using Lineage.Domain.Runs;
using Lineage.Faults.Campaign;
using Npgsql;

namespace Lineage.Api.Tests.Reliability;

/// <summary>
/// The fault campaign in short (docs/reliability.md has the long one): one run undisturbed, then the same pipeline and
/// seed with three workers competing on every stage while three of them are SIGKILLed (and replaced) at random moments,
/// and the private RabbitMQ and PostgreSQL each restart once. The faulted run's event log, read here with SQL of the
/// test's own, must hold every stage's output exactly once and seal the same manifest.
/// </summary>
[Trait("Category", "Integration")]
[Collection(PrivateServicesCollection.Name)]
public class FaultCampaignSpecs(PrivateServicesFixture f, Xunit.Abstractions.ITestOutputHelper output)
{
    /// <summary>Every stage once, small: 24 GSM8K seeds embedded as round 0's pool, one round of 2 × 16 candidates.</summary>
    private static PipelineConfig Config() => new()
    {
        Rounds = 1,
        BatchesPerRound = 2,
        BatchSize = 16,
        Generator = new GeneratorConfig { ErrorRate = 0.1 },
        Diversity = new DiversityConfig { Mode = "fast", Dimension = 64, KRatio = 0.25, R = 0.5, Iterations = 10 },
        Seeds = new SeedPoolConfig { File = DemoFixtures.Find().Train ?? throw new InvalidOperationException("fixtures/gsm8k/train.jsonl not found"), Limit = 24 },
    };

    [PrivateServicesFact]
    public async Task killed_workers_and_restarted_services_lose_and_duplicate_nothing_and_seal_the_same_manifest()
    {
        var work = Directory.CreateTempSubdirectory("lineage-faults-test-").FullName;
        var log = new StringWriter();
        CampaignResult result;
        try
        {
            result = await FaultCampaign.RunAsync(f.Services, new CampaignSettings
            {
                Config = Config(),
                Seed = 5,
                Kills = 3,
                BrokerRestarts = 1,
                PostgresRestarts = 1,
                Outage = TimeSpan.FromSeconds(1),
                Timeout = TimeSpan.FromMinutes(8),
                ShareDataDirectory = true,
            }, work, log);
        }
        finally
        {
            output.WriteLine(log.ToString());
            Directory.Delete(work, recursive: true);
        }
        var (calm, storm) = (result.Undisturbed, result.Faulted);
        var report = new StringWriter();
        CampaignReport.Write(result, report);
        output.WriteLine(report.ToString());

        Assert.True(storm.Sealed, report.ToString());
        Assert.Equal(5, storm.Faults.Count);
        Assert.Empty(storm.NotReached);
        Assert.Equal(3, storm.Faults.Count(x => x.Planned.Kind == FaultKind.KillWorker));
        Assert.Equal(calm.RunId, storm.RunId);

        // Stream by stream, the faulted log holds what the undisturbed one does: no batch lost, none written twice.
        var calmStreams = await PerStreamAsync("faults_undisturbed", calm.RunId);
        var stormStreams = await PerStreamAsync("faults_faulted", storm.RunId);
        Assert.Equal(calmStreams, stormStreams);
        // Each stage's completion event, as often as the config says (not as the other run says).
        var expected = new Dictionary<string, long>
        {
            ["seeds_imported"] = 1, ["round_started"] = 1, ["candidates_generated"] = 2, ["batch_verified"] = 2,
            ["batch_embedded"] = 2 + 1, ["clustering_completed"] = 1, ["round_filtered"] = 1, ["version_sealed"] = 1,
        };
        var completions = await TypeCountsAsync("faults_faulted", storm.RunId);
        Assert.All(expected, e => Assert.Equal(e.Value, completions.GetValueOrDefault(e.Key)));
        Assert.False(completions.ContainsKey("stage_failed"), report.ToString());
        Assert.Empty(await DuplicatedExamplesAsync("faults_faulted", storm.RunId));
        // 24 seeds and 32 candidates: each example is imported or generated once, embedded once, assigned once.
        Assert.Equal(24, completions["seed_example_imported"]);
        Assert.Equal(32, completions["example_generated"]);
        Assert.Equal(24 + 32 - completions.GetValueOrDefault("example_rejected"), completions["example_embedded"]);

        var hashes = (await ManifestHashAsync("faults_undisturbed"), await ManifestHashAsync("faults_faulted"));
        Assert.Matches("^[0-9a-f]{64}$", hashes.Item1);
        Assert.Equal(hashes.Item1, hashes.Item2);
        Assert.True(storm.RebuildMatches);
        Assert.Empty(storm.DeadLetters);
        Assert.True(result.Met, report.ToString());
    }

    private async Task<Dictionary<string, long>> PerStreamAsync(string schema, string runId) =>
        await QueryAsync(schema, runId, "select stream_id, count(*) from {0}.mt_events where stream_id like @prefix or stream_id = @version group by stream_id");

    private async Task<Dictionary<string, long>> TypeCountsAsync(string schema, string runId) =>
        await QueryAsync(schema, runId, "select type, count(*) from {0}.mt_events where stream_id like @prefix or stream_id = @version group by type");

    /// <summary>(type, example, clustering) seen more than once: an example's fact stored twice.</summary>
    private async Task<Dictionary<string, long>> DuplicatedExamplesAsync(string schema, string runId) =>
        await QueryAsync(schema, runId,
            "select type || ' ' || (data->>'ExampleId') || ' ' || coalesce(data->>'ClusteringId', ''), count(*) from {0}.mt_events " +
            "where (stream_id like @prefix or stream_id = @version) and data ? 'ExampleId' group by 1 having count(*) > 1");

    private async Task<string> ManifestHashAsync(string schema)
    {
        await using var connection = new NpgsqlConnection(f.Services.Postgres.ConnectionString + ";Pooling=false");
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"select data->>'ManifestHash' from {schema}.mt_events where type = 'version_sealed'", connection);
        return (string)(await command.ExecuteScalarAsync())!;
    }

    private async Task<Dictionary<string, long>> QueryAsync(string schema, string runId, string sql)
    {
        await using var connection = new NpgsqlConnection(f.Services.Postgres.ConnectionString + ";Pooling=false");
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(string.Format(sql, schema), connection);
        // The run's streams all start "run:{id}"; the version stream is "ver-…".
        command.Parameters.AddWithValue("prefix", $"run:{runId}%");
        command.Parameters.AddWithValue("version", RunIds.Version(runId));
        var rows = new Dictionary<string, long>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync()) rows[reader.GetString(0)] = reader.GetInt64(1);
        return rows;
    }
}
