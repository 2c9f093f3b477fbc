using System.Net;
using System.Net.Http.Json;
using Lineage.Api.Pipelines;
using Lineage.Api.Runs;
using Lineage.Domain.Pipelines;
using Lineage.Domain.Runs;
using Marten;

namespace Lineage.Api.Tests.Platform;

/// <summary>Drives a run the way a client does: define over HTTP, start over HTTP, poll the run.</summary>
public static class PipelineRuns
{
    public static PipelineConfig Small(int batches, int batchSize) => new()
    {
        Rounds = 1,
        BatchesPerRound = batches,
        BatchSize = batchSize,
        Length = new LengthBounds { MinChars = 200, MaxChars = 1200 },
        Generator = new GeneratorConfig { ErrorRate = 0.2 },
    };

    public static async Task DefineAsync(LineageFixture f, string name, PipelineConfig config)
    {
        using var response = await f.Client.PutAsJsonAsync("/pipelines", new DefinePipelineRequest(name, config), LineageFixture.Json);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    public static async Task<string> StartAsync(LineageFixture f, string pipeline, long seed)
    {
        using var response = await f.Client.PostAsJsonAsync("/runs", new StartRunRequest(pipeline, seed), LineageFixture.Json);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var accepted = (await response.Content.ReadFromJsonAsync<RunAccepted>(LineageFixture.Json))!;
        Assert.True(accepted.Started);
        Assert.Equal($"/runs/{accepted.RunId}", response.Headers.Location?.OriginalString);
        return accepted.RunId;
    }

    /// <summary>Polls <c>GET /runs/{id}</c> until the run is no longer running (completed or failed).</summary>
    public static async Task<RunStatus> WaitForEndAsync(LineageFixture f, string runId)
    {
        try
        {
            return await Eventually.GetAsync(async () =>
            {
                using var response = await f.Client.GetAsync($"/runs/{runId}");
                return response.StatusCode == HttpStatusCode.OK ? await response.Content.ReadFromJsonAsync<RunStatus>(LineageFixture.Json) : null;
            }, s => s.State != RunState.Running, $"run {runId} to end");
        }
        catch (TimeoutException e)
        {
            // Say where the run stands in its log: the last streams it wrote, and any command stage order refused.
            await using var session = f.Store.QuerySession();
            var prefix = RunIds.Streams.RunPrefix(runId) + ":";
            var streams = (await session.Events.QueryAllRawEvents().Where(x => x.StreamKey!.StartsWith(prefix)).Select(x => x.StreamKey!).ToListAsync())
                .Distinct().Order(StringComparer.Ordinal).ToList();
            var refused = await session.Events.QueryRawEventDataOnly<Domain.Stages.StageRefused>().Where(r => r.RunId == runId).ToListAsync();
            throw new TimeoutException($"{e.Message}; streams: {string.Join(" ", streams)}; refused: {string.Join("; ", refused)}", e);
        }
    }

    /// <summary>Polls <c>GET /runs/{id}</c> until the run has sealed a version (or failed, which fails the test).</summary>
    public static async Task<RunStatus> WaitForVersionAsync(LineageFixture f, string runId)
    {
        var status = await WaitForEndAsync(f, runId);
        Assert.True(status.State == RunState.Completed,
            $"run {runId} ended {status.State}: {string.Join("; ", status.Failures.Select(x => $"{x.Stage} {x.ExceptionType} {x.Message}"))}");
        Assert.NotNull(status.VersionId);
        return status;
    }

    /// <summary>Writes <paramref name="count"/> procedural problems as GSM8K JSON Lines (question, answer ending in <c>#### value</c>).</summary>
    public static void WriteSeedFile(string path, long seed, int count)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        File.WriteAllLines(path, Enumerable.Range(0, count).Select(i =>
        {
            var p = Lineage.Generators.Procedural.ProceduralMathGenerator.Generate(seed, i);
            return System.Text.Json.JsonSerializer.Serialize(new { question = p.Problem, answer = $"{p.Solution}\n#### {p.Answer}" });
        }));
    }

    public static async Task<(string RunId, RunStatus Status)> RunToVersionAsync(LineageFixture f, string pipeline, PipelineConfig config, long seed)
    {
        await DefineAsync(f, pipeline, config);
        var runId = await StartAsync(f, pipeline, seed);
        return (runId, await WaitForVersionAsync(f, runId));
    }
}
