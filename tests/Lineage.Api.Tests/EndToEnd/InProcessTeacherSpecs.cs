using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Lineage.Api.Stages.Generation;
using Lineage.Api.Tests.Platform;
using Lineage.Domain.Examples;
using Lineage.Domain.Pipelines;
using Lineage.Domain.Runs;
using Lineage.Generators.Prompts;
using Marten;

namespace Lineage.Api.Tests.EndToEnd;

/// <summary>
/// <c>Generator.Kind = "in-process"</c>: the worker's own teacher model, no HTTP. Its calls must be the very calls
/// the host's <c>/v1</c> endpoint answers (same model, same request, same text), and a worker without the model a
/// pipeline names must fail the stage rather than invent examples.
/// </summary>
[Trait("Category", "Integration")]
public sealed class InProcessTeacherSpecs(SelfTeachingFixture f) : IClassFixture<SelfTeachingFixture>, IAsyncLifetime
{
    public Task InitializeAsync() => f.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    private PipelineConfig Config(string? model) => new()
    {
        Rounds = 1,
        BatchesPerRound = 1,
        BatchSize = 5,
        Length = new LengthBounds { MinChars = 1, MaxChars = 100_000 },
        Seeds = new SeedPoolConfig { File = f.SeedFile, Limit = SelfTeachingFixture.SeedCount },
        Generator = new GeneratorConfig { Kind = "in-process", Model = model, Temperature = 0.9, TopP = 0.95, SolutionsPerProblem = 2 },
    };

    [Fact]
    public async Task an_in_process_run_seals_a_version_whose_calls_the_http_endpoint_answers_with_the_same_text()
    {
        var (runId, status) = await PipelineRuns.RunToVersionAsync(f, "in-process", Config(SelfTeachingFixture.ModelId), seed: 3);
        await using var session = f.Store.QuerySession();
        var generated = await session.Events.QueryRawEventDataOnly<ExampleGenerated>().Where(e => e.RunId == runId).ToListAsync();
        var seeds = (await session.Events.QueryRawEventDataOnly<SeedExampleImported>().Where(e => e.RunId == runId).ToListAsync())
            .ToDictionary(s => s.ExampleId);

        Assert.Empty(status.Failures);
        Assert.Equal(5, generated.Count);
        Assert.All(generated, e =>
        {
            Assert.Equal(("in-process", SelfTeachingFixture.ModelId), (e.GeneratorKind, e.ModelId));
            Assert.StartsWith("local-", e.Attributes["responseId"]);
        });

        var call = generated[0];
        var prompt = ProblemGenerationPrompt.Build(call.ParentExampleIds.Select(p => seeds[p].Problem).ToList(), TeacherCandidateSource.ProblemsPerCall);
        var body = new JsonObject
        {
            ["model"] = SelfTeachingFixture.ModelId,
            ["messages"] = new JsonArray(prompt.Messages.Select(m => (JsonNode)new JsonObject { ["role"] = m.Role, ["content"] = m.Content }).ToArray()),
            ["temperature"] = call.Sampling.Temperature,
            ["top_p"] = call.Sampling.TopP,
            ["max_tokens"] = call.Sampling.MaxTokens,
            ["seed"] = call.Sampling.Seed,
        };
        using var response = await f.Client.PostAsync(new Uri(f.TeacherEndpoint, "chat/completions"),
            new StringContent(body.ToJsonString(), System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var reply = await response.Content.ReadFromJsonAsync<JsonElement>();
        // The tiny model writes noise, so the example keeps the problem call's reply as its raw output.
        Assert.StartsWith("no parsable problem", call.Attributes["failure"]);
        Assert.Equal(reply.GetProperty("choices")[0].GetProperty("message").GetProperty("content").GetString(), call.RawOutput);
    }

    [Fact]
    public async Task a_pipeline_naming_a_model_this_worker_does_not_serve_fails_its_generate_stage_naming_both()
    {
        await PipelineRuns.DefineAsync(f, "in-process-other", Config("qwen2.5-72b-instruct"));
        var runId = await PipelineRuns.StartAsync(f, "in-process-other", seed: 3);

        var status = await PipelineRuns.WaitForEndAsync(f, runId);

        Assert.Equal(RunState.Failed, status.State);
        var failure = Assert.Single(status.Failures);
        Assert.Equal("generate", failure.Stage);
        Assert.Contains("'qwen2.5-72b-instruct'", failure.Message);
        Assert.Contains($"'{SelfTeachingFixture.ModelId}'", failure.Message);
    }
}
