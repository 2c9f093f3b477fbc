using Lineage.Api.Options;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Lineage.Api.Hosting;
using Lineage.Api.Stages.Generation;
using Lineage.Api.Stages.Verification;
using Lineage.Api.Teachers;
using Lineage.Domain.Examples;
using Lineage.Domain.Pipelines;
using Lineage.Domain.Runs;
using Lineage.Proxy.Embeddings;
using Lineage.Generators.Teachers;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Lineage.Api.Tests.Teachers;

/// <summary>A real Kestrel host on 127.0.0.1:0 serving a tiny DefaultProxy-trained model at /v1.</summary>
public sealed class TeacherHostFixture : IAsyncLifetime
{
    public string Folder { get; } = Path.Combine(Path.GetTempPath(), "lineage-teacher-" + Guid.NewGuid().ToString("N"));
    public WebApplication App { get; private set; } = null!;
    public Uri BaseAddress { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var texts = Enumerable.Range(0, 32).Select(i => Lineage.Generators.Procedural.ProceduralMathGenerator.Generate(1, i).Problem);
        DefaultProxy.Train(texts, seed: 7, steps: 4, Folder);
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Lineage:Teacher:ModelFolder"] = Folder,
            ["Lineage:Teacher:ModelId"] = "tiny-teacher",
            ["Lineage:Teacher:DefaultMaxTokens"] = "24",
        });
        builder.Services.AddProblemDetails();
        builder.Services.AddTeachers(new LineageOptions());
        App = builder.Build();
        App.MapTeacherEndpoints();
        await App.StartAsync();
        var address = App.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        BaseAddress = new Uri(address.TrimEnd('/') + "/v1/");
    }

    public async Task DisposeAsync()
    {
        await App.StopAsync();
        await App.DisposeAsync();
        try { Directory.Delete(Folder, true); } catch (IOException) { }
    }
}

[Trait("Category", "Integration")]
public sealed class TeacherEndpointTests(TeacherHostFixture host) : IClassFixture<TeacherHostFixture>
{
    private ITeacher Client() => TeacherHttp.CreateTeacher(new OpenAiTeacherOptions { BaseAddress = host.BaseAddress, MaxRetries = 1 });

    private static TeacherRequest Ask(int n, long? seed, double temperature = 1.0) => new("tiny-teacher",
        [ChatMessage.User("What is 2 + 3?")], new Lineage.Generators.Teachers.SamplingParameters(temperature, 0.95, n, 24, seed));

    [Fact]
    public async Task Models_lists_the_served_model()
    {
        using var http = new HttpClient();
        var json = await http.GetFromJsonAsync<JsonElement>(new Uri(host.BaseAddress, "models"));
        Assert.Equal("tiny-teacher", json.GetProperty("data")[0].GetProperty("id").GetString());
    }

    [Fact]
    public async Task Client_gets_n_choices_with_usage()
    {
        var response = await Client().CompleteAsync(Ask(3, 42), CancellationToken.None);
        Assert.True(response.Succeeded, response.FailureReason);
        Assert.Equal("tiny-teacher", response.ModelId);
        Assert.Equal([0, 1, 2], response.Choices.Select(c => c.Index));
        Assert.All(response.Choices, c => Assert.Contains(c.FinishReason, new[] { "stop", "length" }));
        Assert.True(response.Usage!.PromptTokens > 0);
        Assert.True(response.Usage.CompletionTokens > 0);
    }

    [Fact]
    public async Task Seeded_sampling_is_reproducible_and_choice_seeds_differ()
    {
        var a = await Client().CompleteAsync(Ask(3, 1234), CancellationToken.None);
        var b = await Client().CompleteAsync(Ask(3, 1234), CancellationToken.None);
        var one = await Client().CompleteAsync(Ask(1, 1234), CancellationToken.None);
        Assert.Equal(a.Choices.Select(c => c.Content), b.Choices.Select(c => c.Content));
        // Choice i depends on (seed, i) only, not on n.
        Assert.Equal(a.Choices[0].Content, one.Choices[0].Content);
        Assert.NotEqual(LocalTeacherModel.ChoiceSeed(1234, 0), LocalTeacherModel.ChoiceSeed(1234, 1));
    }

    [Theory]
    [InlineData("""{"messages":[{"role":"user","content":"hi"}],"n":0}""", "n", "integer_below_min_value")]
    [InlineData("""{"messages":[{"role":"user","content":"hi"}],"temperature":"hot"}""", "temperature", "invalid_type")]
    [InlineData("""{"messages":[{"role":"user","content":"hi"}],"top_p":1.5}""", "top_p", "invalid_value")]
    [InlineData("""{"messages":[]}""", "messages", "empty_array")]
    [InlineData("""{"messages":[{"role":"robot","content":"hi"}]}""", "messages[0].role", "invalid_value")]
    [InlineData("""{"messages":[{"role":"user","content":"hi"}],"max_tokens":-1}""", "max_tokens", "integer_below_min_value")]
    [InlineData("""{"messages":[{"role":"user","content":"hi"}],"seed":1.5}""", "seed", "invalid_type")]
    [InlineData("""{"messages":[{"role":"user","content":"hi"}],"stop":7}""", "stop", "invalid_type")]
    [InlineData("""not json""", null, "invalid_json")]
    public async Task Bad_request_answers_400_naming_the_field(string body, string? field, string code)
    {
        using var http = new HttpClient();
        using var response = await http.PostAsync(new Uri(host.BaseAddress, "chat/completions"),
            new StringContent(body, System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var error = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error");
        Assert.Equal("invalid_request_error", error.GetProperty("type").GetString());
        Assert.Equal(field, error.GetProperty("param").GetString());
        Assert.Equal(code, error.GetProperty("code").GetString());
        Assert.False(string.IsNullOrWhiteSpace(error.GetProperty("message").GetString()));
    }

    [Fact]
    public async Task Openai_source_against_the_own_endpoint_yields_one_event_per_example_and_never_throws()
    {
        var allowList = new Lineage.Api.Security.Teachers.TeacherAllowList(new Lineage.Api.Security.Teachers.TeacherEndpointsOptions
        {
            Endpoints = [new() { Name = "tiny", BaseUrl = host.BaseAddress.AbsoluteUri }],
        });
        var source = new TeacherCandidateSource(new TeacherClientFactory(allowList), new NoFewShotPool());
        var pipeline = new PipelineConfig
        {
            BatchSize = 3, BatchesPerRound = 1,
            Generator = new GeneratorConfig { Kind = "openai", Endpoint = host.BaseAddress.AbsoluteUri, Model = "tiny-teacher", SolutionsPerProblem = 2 },
        };
        var run = new RunStarted("run-t", "p", pipeline, pipeline.Hash(), 5, null, null, DateTimeOffset.UnixEpoch);
        var events = await source.GenerateAsync(run, 1, 0, CancellationToken.None);
        var generated = events.OfType<ExampleGenerated>().ToList();
        Assert.Equal(3, generated.Count);
        Assert.All(generated, e =>
        {
            Assert.Equal("openai", e.GeneratorKind);
            Assert.Equal("tiny-teacher", e.ModelId);
            Assert.Equal(3, e.ParentExampleIds.Count);
            Assert.Null(e.ExpectedAnswer);
            Assert.Equal(64, e.PromptTemplateHash.Length);
            // The tiny model writes noise: whatever it wrote, verification decides without throwing.
            Assert.NotNull(CandidateVerifier.Verify(e));
        });
        var batch = Assert.Single(events.OfType<CandidatesGenerated>());
        Assert.Equal(generated.Count(e => e.Attributes.ContainsKey("failure")), batch.Failed);
        // Same command, same events (seeded end to end).
        var again = (await source.GenerateAsync(run, 1, 0, CancellationToken.None)).OfType<ExampleGenerated>().ToList();
        Assert.Equal(generated.Select(e => e.RawOutput), again.Select(e => e.RawOutput));
    }
}

[Trait("Category", "Integration")]
public sealed class MajorityVerifierTests
{
    private static ExampleGenerated Candidate(Dictionary<string, string> attributes) => new(
        "run", "ex", 1, 0, 0, "openai", "g", "m", "h", [], new Lineage.Domain.Examples.SamplingParameters(1, 1, null, 1),
        "problem", @"so \boxed{5}", null, "raw", attributes);

    [Fact]
    public void Two_of_three_wins_with_every_count_in_the_votes()
    {
        var result = CandidateVerifier.Verify(Candidate(new() { ["answers"] = """["5","5.0","6"]""" }));
        var verified = Assert.IsType<ExampleVerified>(result);
        Assert.Equal(CandidateVerifier.Majority, verified.Method);
        Assert.Equal([2, 1], verified.Votes.Select(v => v.Count));
    }

    [Fact]
    public void No_majority_rejects_with_the_evidence()
    {
        var rejected = Assert.IsType<ExampleRejected>(CandidateVerifier.Verify(Candidate(new() { ["answers"] = """["4","5","6"]""" })));
        Assert.Equal(3, rejected.Votes.Count);
        Assert.Contains("no majority", rejected.Reason);
    }

    [Fact]
    public void Generation_failure_is_rejected_with_its_reason()
    {
        var rejected = Assert.IsType<ExampleRejected>(CandidateVerifier.Verify(Candidate(new() { ["failure"] = "no parsable problem: x" })));
        Assert.Equal("no parsable problem: x", rejected.Reason);
    }
}
