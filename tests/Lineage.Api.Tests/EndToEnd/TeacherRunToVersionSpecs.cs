using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Lineage.Api.Examples;
using Lineage.Api.Messaging;
using Lineage.Api.Stages.Generation;
using Lineage.Api.Stages.Verification;
using Lineage.Api.Tests.Platform;
using Lineage.Api.Versions;
using Lineage.Domain.Examples;
using Lineage.Domain.Pipelines;
using Lineage.Domain.Runs;
using Lineage.Domain.Versions;
using Lineage.Generators.Prompts;
using Marten;

namespace Lineage.Api.Tests.EndToEnd;

/// <summary>
/// A pipeline with <c>Generator.Kind = "openai"</c> run through the real stage consumers (Marten, RabbitMQ, relay)
/// to a sealed version, its teacher being the tiny model the same host serves at <c>/v1</c>. The model writes
/// noise, so every candidate must come back as a rejected example with its reason, never as a failed stage;
/// and every teacher call must be in the events with what it takes to make it again.
/// The run is made once (2 batches × 5 examples: two problem calls) and shared by the specs.
/// </summary>
[Trait("Category", "Integration")]
public sealed class TeacherRunToVersionSpecs(SelfTeachingFixture f) : IClassFixture<SelfTeachingFixture>
{
    private const int Batches = 2;
    private const int BatchSize = 5;

    private sealed record TeacherRun(string RunId, RunStatus Status, PipelineConfig Config,
        IReadOnlyList<ExampleGenerated> Generated, IReadOnlyList<CandidatesGenerated> Batches,
        IReadOnlyDictionary<string, IExampleEvent> Verdicts, IReadOnlyDictionary<string, SeedExampleImported> Seeds);

    private PipelineConfig Config() => new()
    {
        Rounds = 1,
        BatchesPerRound = Batches,
        BatchSize = BatchSize,
        Length = new LengthBounds { MinChars = 1, MaxChars = 100_000 },
        Seeds = new SeedPoolConfig { File = f.SeedFile, Limit = SelfTeachingFixture.SeedCount },
        Generator = new GeneratorConfig
        {
            Kind = "openai",
            Endpoint = f.TeacherEndpoint.AbsoluteUri,
            Model = SelfTeachingFixture.ModelId,
            Temperature = 0.9,
            TopP = 0.95,
            SolutionsPerProblem = 2,
        },
    };

    private Task<TeacherRun> RunAsync() => f.OnceAsync(async () =>
    {
        await f.ResetAsync();
        var config = Config();
        var (runId, status) = await PipelineRuns.RunToVersionAsync(f, "teacher-e2e", config, seed: 11);
        await using var session = f.Store.QuerySession();
        var generated = await session.Events.QueryRawEventDataOnly<ExampleGenerated>().Where(e => e.RunId == runId).ToListAsync();
        var batches = await session.Events.QueryRawEventDataOnly<CandidatesGenerated>().Where(e => e.RunId == runId).ToListAsync();
        var verified = await session.Events.QueryRawEventDataOnly<ExampleVerified>().Where(e => e.RunId == runId).ToListAsync();
        var rejected = await session.Events.QueryRawEventDataOnly<ExampleRejected>().Where(e => e.RunId == runId).ToListAsync();
        var seeds = await session.Events.QueryRawEventDataOnly<SeedExampleImported>().Where(e => e.RunId == runId).ToListAsync();
        return new TeacherRun(runId, status, config,
            generated.OrderBy(e => e.ExampleId, StringComparer.Ordinal).ToList(), batches,
            verified.Cast<IExampleEvent>().Concat(rejected).ToDictionary(e => e.ExampleId, StringComparer.Ordinal),
            seeds.ToDictionary(s => s.ExampleId, StringComparer.Ordinal));
    });

    [Fact]
    public async Task the_run_seals_a_version_in_which_every_noisy_reply_is_a_rejected_example_with_its_reason()
    {
        var run = await RunAsync();

        Assert.Empty(run.Status.Failures);
        var round = Assert.Single(run.Status.Rounds);
        Assert.Equal((Batches, Batches, Batches * BatchSize), (round.GeneratedBatches, round.VerifiedBatches, round.Generated));
        Assert.Equal((0, Batches * BatchSize, 0), (round.Verified, round.Rejected, round.Kept));

        // Nothing was retried into an error queue: bad output went through the stages as data.
        var queues = new StageQueues(f.Options.RabbitMq.QueuePrefix);
        foreach (var stage in new[] { "generate", "verify", "filter", "seal" })
            Assert.True((await f.Broker.StatsAsync(queues.QueueOf(stage) + "_error"))?.Messages is null or 0, $"a {stage} command was dead-lettered");

        Assert.Equal(Batches * BatchSize, run.Generated.Count);
        Assert.Equal(Batches * BatchSize, run.Verdicts.Count);
        foreach (var e in run.Generated)
        {
            // The source marks what it could not use; the verifier turns exactly that into the rejection reason.
            var failure = e.Attributes["failure"];
            Assert.StartsWith("no parsable problem: ", failure);
            Assert.Equal("", e.Problem);
            Assert.NotEqual("", e.RawOutput);
            var rejected = Assert.IsType<ExampleRejected>(run.Verdicts[e.ExampleId]);
            Assert.Equal((CandidateVerifier.Generation, failure), (rejected.Method, rejected.Reason));
        }
        Assert.All(run.Batches, b => Assert.Equal((BatchSize, BatchSize), (b.Count, b.Failed)));

        var version = await f.GetAsync<VersionSealed>($"/versions/{run.Status.VersionId}");
        // The run used the generator asked for; the version names the run's config by its hash (which the
        // definition may have extended, e.g. with input files' contents, so it is the run's, not ours).
        Assert.Equal(run.Config.Generator, run.Status.Config.Generator);
        Assert.Equal((run.RunId, run.Status.ConfigHash), (version.RunId, version.ConfigHash));
        Assert.Equal((Batches * BatchSize, 0, Batches * BatchSize, 0), (version.Generated, version.Kept, version.Dropped, version.ExampleCount));
        Assert.Equal(new Dictionary<string, int> { ["verification"] = Batches * BatchSize }, version.DroppedByRule);
        Assert.Equal(run.Status.ManifestHash, version.ManifestHash);

        using var rebuild = await f.Client.PostAsync($"/versions/{version.VersionId}/rebuild", JsonBody.Empty());
        Assert.Equal(HttpStatusCode.OK, rebuild.StatusCode);
        var rebuilt = (await rebuild.Content.ReadFromJsonAsync<RebuildResult>(LineageFixture.Json))!;
        Assert.True(rebuilt.Matches);
        Assert.Equal(version.ManifestHash, rebuilt.RebuiltHash);
    }

    [Fact]
    public async Task every_teacher_call_is_in_the_events_with_what_it_takes_to_make_it_again()
    {
        var run = await RunAsync();
        var g = run.Config.Generator;
        var calls = run.Generated.GroupBy(e => (e.Batch, Call: e.Attributes["problemCall"])).ToList();
        Assert.Equal(Batches * ((BatchSize + TeacherCandidateSource.ProblemsPerCall - 1) / TeacherCandidateSource.ProblemsPerCall), calls.Count);

        foreach (var e in run.Generated)
        {
            Assert.Equal(("openai", TeacherCandidateSource.GeneratorId, SelfTeachingFixture.ModelId), (e.GeneratorKind, e.GeneratorId, e.ModelId));
            Assert.Null(e.ExpectedAnswer);
            Assert.Equal(PromptLibrary.ProblemGeneration.Key, e.Attributes["promptTemplate"]);
            Assert.Equal(PromptLibrary.ProblemGeneration.Sha256, e.Attributes["promptTemplateSha256"]);
            Assert.StartsWith("chatcmpl-", e.Attributes["responseId"]);
            Assert.Equal(new SamplingParameters(g.Temperature, g.TopP, g.ProblemMaxTokens, long.Parse(e.Attributes["problemSeed"])), e.Sampling);
            // The template's variables are the parents' problems: rendering them again gives the recorded hash.
            Assert.Equal(TeacherCandidateSource.FewShots, e.ParentExampleIds.Count);
            Assert.All(e.ParentExampleIds, p => Assert.True(run.Seeds.ContainsKey(p), $"parent {p} is not a seed of the run"));
            Assert.Equal(Prompt(run, e).Sha256, e.PromptTemplateHash);
        }

        // One problem call serves its five examples: they share its seed, parents and reply; calls differ in seed.
        foreach (var call in calls)
        {
            Assert.Single(call.Select(e => (e.Sampling, string.Join(",", e.ParentExampleIds), e.RawOutput, e.Attributes["responseId"])).Distinct());
            Assert.Equal(Enumerable.Range(0, call.Count()).Select(i => i.ToString()), call.Select(e => e.Attributes["problemSlot"]));
        }
        Assert.Equal(calls.Count, calls.Select(c => c.First().Sampling.Seed).Distinct().Count());

        // Made again from the event alone, the call gets the same reply: the model is seeded per request.
        foreach (var e in calls.Select(c => c.First()))
        {
            var body = new JsonObject
            {
                ["model"] = e.ModelId,
                ["messages"] = new JsonArray(Prompt(run, e).Messages.Select(m => (JsonNode)new JsonObject { ["role"] = m.Role, ["content"] = m.Content }).ToArray()),
                ["temperature"] = e.Sampling.Temperature,
                ["top_p"] = e.Sampling.TopP,
                ["max_tokens"] = e.Sampling.MaxTokens,
                ["seed"] = e.Sampling.Seed,
            };
            using var response = await f.Client.PostAsync(new Uri(f.TeacherEndpoint, "chat/completions"),
                new StringContent(body.ToJsonString(), System.Text.Encoding.UTF8, "application/json"));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var reply = await response.Content.ReadFromJsonAsync<JsonElement>();
            Assert.Equal(e.RawOutput, reply.GetProperty("choices")[0].GetProperty("message").GetProperty("content").GetString());
        }
    }

    [Fact]
    public async Task why_shows_the_teacher_call_behind_a_rejected_example_and_its_parents_lead_back_to_the_seed_file()
    {
        var run = await RunAsync();
        var page = await f.GetAsync<ExamplePage>($"/examples?run={run.RunId}&decision=dropped&rule=verification&pageSize=100");
        Assert.Equal(Batches * BatchSize, page.Total);
        var id = page.Items[^1].Id;
        var why = await f.GetAsync<LineageResponse>($"/examples/{id}/lineage");
        var e = run.Generated.Single(x => x.ExampleId == id);
        var reason = e.Attributes["failure"];

        Assert.Equal(("dropped", "verification"), (why.Outcome, why.Lineage.Rule));
        Assert.Equal(e.RawOutput, why.Lineage.Generated!.RawOutput);
        Assert.Equal(
        [
            $"generated: run {run.RunId} round 1 batch {e.Batch} index {e.Index} by openai ({TeacherCandidateSource.GeneratorId}), model {SelfTeachingFixture.ModelId}",
            $"  prompt template sha256 {Prompt(run, e).Sha256}; sampling temperature 0.9, top_p 0.95, seed {e.Sampling.Seed}",
            $"  few-shot parents: {string.Join(", ", e.ParentExampleIds)}",
        ], why.Why.Take(3));
        Assert.Contains($"promptTemplate={PromptLibrary.ProblemGeneration.Key}", why.Why[3]);
        Assert.Contains($"promptTemplateSha256={PromptLibrary.ProblemGeneration.Sha256}", why.Why[3]);
        Assert.Equal([$"rejected (generation): {reason}", $"dropped by rule verification: {reason}"], why.Why.TakeLast(2));

        // Each parent is an example of its own whose why names the file and line it came from.
        foreach (var parent in e.ParentExampleIds)
        {
            var seed = await f.GetAsync<LineageResponse>($"/examples/{parent}/lineage");
            Assert.Equal($"seed: imported from {Path.GetFileName(f.SeedFile)} line {run.Seeds[parent].Line}", seed.Why[0]);
            Assert.Contains(seed.Lineage.Problem, Prompt(run, e).Messages[^1].Content);
        }
    }

    /// <summary>The problem prompt rendered again from the event's parents, as the source renders it.</summary>
    private static RenderedPrompt Prompt(TeacherRun run, ExampleGenerated e) =>
        ProblemGenerationPrompt.Build(e.ParentExampleIds.Select(p => run.Seeds[p].Problem).ToList(), TeacherCandidateSource.ProblemsPerCall);
}
