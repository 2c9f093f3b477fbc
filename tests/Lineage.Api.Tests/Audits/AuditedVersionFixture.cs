using System.Net;
using System.Net.Http.Json;
using Lineage.Api.Runs;
using Lineage.Api.Tests.Platform;
using Lineage.Domain.Runs;
using Lineage.Domain.Examples;
using Lineage.Domain.Pipelines;
using Marten;

namespace Lineage.Api.Tests.Audits;

/// <summary>
/// The whole platform with one sealed version made once and shared by the audit, fork and diff specs: two rounds of
/// the Prismatic loop over 24 written seeds, procedural candidates with a fifth of them wrong (so verification rejects),
/// gradient embeddings, clustering and every filter rule. Specs only add to the log (audits, forks), never reset it.
/// </summary>
public sealed class AuditedVersionFixture() : LineageFixture("audit")
{
    public const string Pipeline = "audited";

    private readonly SemaphoreSlim _gate = new(1, 1);
    private (string RunId, string VersionId)? _version;

    public PipelineConfig Config { get; private set; } = null!;

    public async Task<(string RunId, string VersionId)> VersionAsync()
    {
        await _gate.WaitAsync();
        try
        {
            if (_version is { } made) return made;
            var seeds = Path.Combine(Options.DataDirectory, "seeds.jsonl");
            PipelineRuns.WriteSeedFile(seeds, seed: 313, count: 24);
            Config = new PipelineConfig
            {
                Rounds = 2,
                BatchesPerRound = 2,
                BatchSize = 16,
                Length = new LengthBounds { MinChars = 40, MaxChars = 1200 },
                Generator = new GeneratorConfig { ErrorRate = 0.2 },
                Diversity = new DiversityConfig { Mode = "fast", Dimension = 64, KRatio = 0.25, R = 0.5, Iterations = 10 },
                Seeds = new SeedPoolConfig { File = seeds, Limit = 24 },
            };
            await PipelineRuns.DefineAsync(this, Pipeline, Config);
            using var started = await Client.PostAsJsonAsync("/runs", new StartRunRequest(Pipeline, 7), Json);
            var runId = (await started.Content.ReadFromJsonAsync<RunAccepted>(Json))!.RunId;
            // One run serves every spec; on a loaded machine it may take longer than one spec's usual wait.
            var status = await Eventually.GetAsync(async () =>
            {
                using var response = await Client.GetAsync($"/runs/{runId}");
                return response.StatusCode == HttpStatusCode.OK ? await response.Content.ReadFromJsonAsync<RunStatus>(Json) : null;
            }, x => x.State != RunState.Running, $"run {runId} to seal", TimeSpan.FromMinutes(15));
            Assert.True(status.State == RunState.Completed && status.VersionId is not null,
                $"run {runId} ended {status.State}: {string.Join("; ", status.Failures.Select(x => $"{x.Stage} {x.ExceptionType} {x.Message}"))}");
            _version = (runId, status.VersionId!);
            return _version.Value;
        }
        finally
        {
            _gate.Release();
        }
    }

    public async Task<List<ExampleLineage>> LineagesAsync(string runId)
    {
        await using var session = Store.QuerySession();
        return [.. await session.Query<ExampleLineage>().Where(x => x.RunId == runId).ToListAsync()];
    }
}

[CollectionDefinition(Name)]
public sealed class AuditedVersionCollection : ICollectionFixture<AuditedVersionFixture>
{
    public const string Name = "audited-version";
}
