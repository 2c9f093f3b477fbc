using System.Security.Cryptography;
using Lineage.Api.Cli;
using Lineage.Domain.Pipelines;
using Lineage.Faults.Campaign;
using Npgsql;

namespace Lineage.Api.Tests.Reliability;

/// <summary>
/// Workers that share nothing but PostgreSQL and RabbitMQ (docs/scaling.md): three <c>lineage worker</c> processes, each
/// on a data directory of its own as on three machines, run a whole diversity round with Lineage:Blobs:Store=postgres,
/// and seal the manifest that one worker with the file store seals for the same pipeline and seed. Every machine that
/// embeds trains the default proxy itself; the weights must come out identical. The three cluster every pool from a
/// scratch file a block at a time (Lineage:Clustering:ResidentRows=0), the one worker from a tensor in memory.
/// </summary>
[Trait("Category", "Integration")]
[Collection(PrivateServicesCollection.Name)]
public class SharedNothingSpecs(PrivateServicesFixture f, Xunit.Abstractions.ITestOutputHelper output)
{
    /// <summary>Every stage, small: 24 GSM8K seeds embedded as round 0's pool, one round of 3 × 16 candidates, fast d = 64.</summary>
    private static PipelineConfig Config() => new()
    {
        Rounds = 1,
        BatchesPerRound = 3,
        BatchSize = 16,
        Generator = new GeneratorConfig { ErrorRate = 0.1 },
        Diversity = new DiversityConfig { Mode = "fast", Dimension = 64, KRatio = 0.25, R = 0.5, Iterations = 10 },
        Seeds = new SeedPoolConfig { File = DemoFixtures.Find().Train ?? throw new InvalidOperationException("fixtures/gsm8k/train.jsonl not found"), Limit = 24 },
    };

    [PrivateServicesFact]
    public async Task three_workers_on_three_data_directories_with_postgres_blobs_seal_the_manifest_one_worker_with_files_does()
    {
        var work = Directory.CreateTempSubdirectory("lineage-scaling-test-").FullName;
        var log = new StringWriter();
        try
        {
            RunSettings Run(string name, int workers, string store, bool apart, params string[] settings) => new()
            {
                Schema = $"scaling_{name}",
                QueuePrefix = $"scaling-{name}",
                DataDirectory = Path.Combine(work, name),
                Pipeline = "scaling",
                Config = Config(),
                Seed = 9,
                Workers = workers,
                BlobStore = store,
                DataDirectoryPerWorker = apart,
                WorkerSettings = settings,
                Timeout = TimeSpan.FromMinutes(5),
            };
            var three = await CampaignRun.RunAsync(f.Services, Run("postgres", 3, "postgres", apart: true, "--Lineage:Clustering:ResidentRows=0"), log);
            var machines = Enumerable.Range(0, 3).Select(i => Path.Combine(work, "postgres", $"w{i}")).ToList();
            // The reference run starts with the proxy a machine trained (copied as a file, as an operator may), so the test
            // trains it only on the machines under test; its events must still name the same weights.
            var trainedOn = machines.First(m => Directory.Exists(Path.Combine(m, "proxy")));
            CopyFolder(Path.Combine(trainedOn, "proxy"), Path.Combine(work, "files", "proxy"));
            var one = await CampaignRun.RunAsync(f.Services, Run("files", 1, "files", apart: false), log);
            output.WriteLine(log.ToString());

            Assert.True(one.Sealed, string.Join("; ", one.Failures));
            Assert.True(three.Sealed, string.Join("; ", three.Failures));
            Assert.Empty(three.Failures);
            Assert.Empty(three.CrashedWorkers);
            Assert.True(three.RebuildMatches);
            var manifests = (await ScalarAsync<string>("scaling_files", "select data->>'ManifestHash' from {0}.mt_events where type = 'version_sealed'"),
                await ScalarAsync<string>("scaling_postgres", "select data->>'ManifestHash' from {0}.mt_events where type = 'version_sealed'"));
            Assert.Matches("^[0-9a-f]{64}$", manifests.Item1);
            Assert.Equal(manifests.Item1, manifests.Item2);

            // The blobs went through PostgreSQL, and they are the very blobs the file store wrote: the same addresses.
            Assert.All(machines, m => Assert.False(Directory.Exists(Path.Combine(m, "blobs")), $"{m} has a blobs folder"));
            var files = Directory.GetFiles(Path.Combine(work, "files", "blobs", "sha256")).Select(Path.GetFileName).Order().ToList();
            var rows = await ColumnAsync("scaling_postgres", "select sha256 from {0}.lineage_blobs order by sha256");
            Assert.Equal(files, rows);
            // 4 embed batches (the seed pool and 3 of candidates) and the centroids: at least 5 blobs, each checked here again.
            Assert.True(rows.Count >= 5, $"{rows.Count} blobs");
            foreach (var file in files)
                Assert.Equal(file, Convert.ToHexStringLower(SHA256.HashData(await File.ReadAllBytesAsync(Path.Combine(work, "files", "blobs", "sha256", file!)))));
            var referenced = await ColumnAsync("scaling_postgres",
                "select distinct split_part(data->>'VectorAddress', '#', 1) from {0}.mt_events where type = 'example_embedded' " +
                "union select data->>'CentroidsAddress' from {0}.mt_events where type = 'clustering_completed'");
            Assert.Subset(rows.ToHashSet(), referenced.ToHashSet());

            // Each machine trained the default proxy it used (single-threaded, seeded): one weights hash in every event of
            // both runs, and byte-identical weights files on every machine that trained.
            var weights = await ColumnAsync("scaling_postgres", "select distinct data->>'WeightsSha256' from {0}.mt_events where type = 'example_embedded'");
            Assert.Equal(weights, await ColumnAsync("scaling_files", "select distinct data->>'WeightsSha256' from {0}.mt_events where type = 'example_embedded'"));
            Assert.Single(weights);
            var trained = machines.Where(m => Directory.Exists(Path.Combine(m, "proxy")))
                .SelectMany(m => Directory.GetFiles(Path.Combine(m, "proxy"), "model.safetensors", SearchOption.AllDirectories)).ToList();
            output.WriteLine($"{trained.Count} of 3 machines trained the default proxy");
            Assert.NotEmpty(trained);
            Assert.Single(trained.Select(t => Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(t)))).Distinct());
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    private static void CopyFolder(string from, string to)
    {
        foreach (var file in Directory.GetFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }

    private async Task<T> ScalarAsync<T>(string schema, string sql)
    {
        await using var connection = new NpgsqlConnection(f.Services.Postgres.ConnectionString + ";Pooling=false");
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(string.Format(sql, schema), connection);
        return (T)(await command.ExecuteScalarAsync())!;
    }

    private async Task<List<string?>> ColumnAsync(string schema, string sql)
    {
        await using var connection = new NpgsqlConnection(f.Services.Postgres.ConnectionString + ";Pooling=false");
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(string.Format(sql, schema), connection);
        var values = new List<string?>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync()) values.Add(reader.GetString(0));
        return values;
    }
}
