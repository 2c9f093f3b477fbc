using System.Net;
using System.Text;
using System.Text.Json;
using Lineage.Api.Tests.Platform;

namespace Lineage.Api.Tests.Endpoints;

/// <summary>
/// Bad requests answer RFC 9457 problem details (400 naming each bad field, 404 naming the missing
/// resource) and never reach the event store. One sealed run gives the run-scoped routes something real.
/// </summary>
[Trait("Category", "Integration")]
[Collection(PlatformCollection.Name)]
public class BadInputSpecs(PlatformFixture f) : IAsyncLifetime
{
    private const string Valid = """{"rounds":1,"batchesPerRound":1,"batchSize":5}""";
    private string _runId = "";

    public async Task InitializeAsync()
    {
        await f.ResetAsync();
        (_runId, _) = await PipelineRuns.RunToVersionAsync(f, "inputs", PipelineRuns.Small(batches: 1, batchSize: 5), seed: 1);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    // Method, url ({run} is the sealed run), body, and the field (400) or id (404) the answer must name.
    private static readonly (string Method, string Url, string Body, string Field)[] BadRequests =
    [
        ("PUT", "/pipelines", """{"name":"ok","config":{"batchSize":0}}""", "config.batchSize"),
        ("PUT", "/pipelines", """{"name":"ok","config":{"batchesPerRound":0}}""", "config.batchesPerRound"),
        ("PUT", "/pipelines", """{"name":"ok","config":{"rounds":101}}""", "config.rounds"),
        ("PUT", "/pipelines", $$"""{"name":"Bad Name!","config":{{Valid}}}""", "name"),
        ("POST", "/pipelines", $$"""{"name":"","config":{{Valid}}}""", "name"),
        ("PUT", "/pipelines", """{"name":"ok","config":{"generator":{"kind":"oracle"}}}""", "config.generator.kind"),
        ("PUT", "/pipelines", """{"name":"ok","config":{"length":{"minChars":500,"maxChars":100}}}""", "config.length.maxChars"),
        ("PUT", "/pipelines", """{"name":"ok","config":{"diversity":{"mode":"slow"}}}""", "config.diversity.mode"),
        ("PUT", "/pipelines", """{"name":"ok","config":{"generator":{"problemMaxTokens":0}}}""", "config.generator.problemMaxTokens"),
        ("PUT", "/pipelines", """{"name":"ok","config":{"seeds":{"file":"/no/such/train.jsonl"}}}""", "config.seeds.file"),
        ("POST", "/runs", """{"pipeline":"inputs","seed":-1}""", "seed"),
        ("POST", "/runs", """{"pipeline":""}""", "pipeline"),
        ("POST", "/schedules", """{"name":"nightly","pipeline":"inputs","cron":"every night"}""", "cron"),
        ("POST", "/schedules", """{"name":"Nightly Run","pipeline":"inputs","cron":"0 3 * * *"}""", "name"),
        ("POST", "/schedules", """{"name":"nightly","pipeline":"inputs","cron":"0 3 * * *","job":"defragment"}""", "job"),
        ("POST", "/runs/{run}/stages/transmogrify", "{}", "stage"),
        ("POST", "/runs/{run}/stages/generate", """{"round":1}""", "batch"),
        ("POST", "/runs/{run}/stages/generate", """{"round":1,"batch":5}""", "batch"),
        ("POST", "/runs/{run}/stages/filter", "{}", "round"),
        ("POST", "/runs/{run}/stages/verify", """{"round":-1,"batch":0}""", "round"),
        ("GET", "/examples?run={run}&pageSize=0", "", "pageSize"),
        ("GET", "/examples?run={run}&decision=maybe", "", "decision"),
        ("GET", "/examples", "", "version"),
    ];

    private static readonly (string Method, string Url, string Body, string Id)[] MissingThings =
    [
        ("GET", "/runs/run-000000000000", "", "run-000000000000"),
        ("GET", "/examples/no-such-example/lineage", "", "no-such-example"),
        ("GET", "/versions/ver-000000000000", "", "ver-000000000000"),
        ("POST", "/versions/ver-000000000000/rebuild", "", "ver-000000000000"),
        ("GET", "/versions/ver-000000000000/export", "", "ver-000000000000"),
        ("GET", "/examples?version=ver-000000000000", "", "ver-000000000000"),
        ("GET", "/pipelines/no-such-pipeline", "", "no-such-pipeline"),
        ("POST", "/runs", """{"pipeline":"no-such-pipeline","seed":1}""", "no-such-pipeline"),
        ("POST", "/runs/run-000000000000/stages/seal", "{}", "run-000000000000"),
        ("POST", "/schedules", """{"name":"nightly","pipeline":"no-such-pipeline","cron":"0 3 * * *"}""", "no-such-pipeline"),
        ("DELETE", "/schedules/no-such-schedule", "", "no-such-schedule"),
        ("GET", "/pipelines/no-such-pipeline/pool", "", "no-such-pipeline"),
        ("POST", "/pipelines/no-such-pipeline/pool/recluster", "", "no-such-pipeline"),
        ("POST", "/pipelines/no-such-pipeline/pool/report", "", "no-such-pipeline"),
    ];

    // One fact per kind of answer, each case checked in turn: a theory row per case would seal a run per row.
    [Fact]
    public async Task each_bad_request_is_answered_400_with_problem_details_naming_the_field_and_appends_nothing()
    {
        var wrong = new List<string>();
        foreach (var (method, url, body, field) in BadRequests)
        {
            var events = await EventLog.CountAllAsync(f.Store);
            var (status, mediaType, problem) = await SendAsync(method, url, body);
            var errors = problem.TryGetProperty("errors", out var e) ? e.EnumerateObject().Select(p => p.Name).ToList() : [];
            if (status != HttpStatusCode.BadRequest || mediaType != "application/problem+json" || problem.GetProperty("status").GetInt32() != 400)
                wrong.Add($"{method} {url}: {(int)status} {mediaType}");
            else if (!errors.Contains(field, StringComparer.OrdinalIgnoreCase))
                wrong.Add($"{method} {url}: errors name [{string.Join(", ", errors)}], not {field}");
            if (await EventLog.CountAllAsync(f.Store) != events)
                wrong.Add($"{method} {url}: appended events");
        }
        Assert.True(wrong.Count == 0, string.Join("\n", wrong));
    }

    [Fact]
    public async Task each_request_for_something_that_does_not_exist_is_answered_404_naming_it_and_appends_nothing()
    {
        var wrong = new List<string>();
        foreach (var (method, url, body, id) in MissingThings)
        {
            var events = await EventLog.CountAllAsync(f.Store);
            var (status, _, problem) = await SendAsync(method, url, body);
            // The media type is not checked here: TypedResults.NotFound(ProblemDetails) writes application/json, not application/problem+json.
            if (status != HttpStatusCode.NotFound || problem.GetProperty("status").GetInt32() != 404)
                wrong.Add($"{method} {url}: {(int)status}");
            else if (problem.GetProperty("detail").GetString()?.Contains($"'{id}'") != true)
                wrong.Add($"{method} {url}: detail '{problem.GetProperty("detail")}' does not name {id}");
            if (await EventLog.CountAllAsync(f.Store) != events)
                wrong.Add($"{method} {url}: appended events");
        }
        Assert.True(wrong.Count == 0, string.Join("\n", wrong));
    }

    private async Task<(HttpStatusCode Status, string? MediaType, JsonElement Problem)> SendAsync(string method, string url, string body)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), url.Replace("{run}", _runId));
        // Every write says it is JSON, a bodyless one included (the host answers 415 otherwise).
        if (body.Length > 0 || method is "POST" or "PUT") request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        using var response = await f.Client.SendAsync(request);
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return (response.StatusCode, response.Content.Headers.ContentType?.MediaType, doc.RootElement.Clone());
    }
}
