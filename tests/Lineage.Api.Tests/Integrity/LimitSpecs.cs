using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Lineage.Api.Diversity;
using Lineage.Api.Tests.Platform;
using Marten;

namespace Lineage.Api.Tests.Integrity;

/// <summary>
/// Each limit the record needs, answered with a clear 4xx naming the field (or the conflict) and nothing appended;
/// and the diversity report of a version computed once, then read back.
/// </summary>
[Trait("Category", "Integration")]
[Collection(PlatformCollection.Name)]
public class LimitSpecs(PlatformFixture f) : IAsyncLifetime
{
    private string _runId = "";
    private string _versionId = "";

    public async Task InitializeAsync()
    {
        await f.ResetAsync();
        var (runId, status) = await PipelineRuns.RunToVersionAsync(f, "limits", PipelineRuns.Small(batches: 1, batchSize: 5), seed: 2);
        (_runId, _versionId) = (runId, status.VersionId!);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private static readonly (string Method, string Url, string Body, HttpStatusCode Status, string Field)[] Cases =
    [
        ("PUT", "/pipelines", """{"name":"big","config":{"diversity":{"dimension":65536}}}""", HttpStatusCode.BadRequest, "config.diversity.dimension"),
        ("PUT", "/pipelines", """{"name":"big","config":{"rounds":100,"batchesPerRound":10000,"batchSize":10000}}""", HttpStatusCode.BadRequest, "config.batchSize"),
        ("PUT", "/pipelines", """{"name":"big","config":{"rounds":2,"batchesPerRound":1000,"batchSize":1000}}""", HttpStatusCode.BadRequest, "config.batchSize"),
        ("PUT", "/pipelines", """{"name":"big","config":{"generator":{"solutionMaxTokens":1000000}}}""", HttpStatusCode.BadRequest, "config.generator.solutionMaxTokens"),
        ("PUT", "/pipelines", """{"name":"big","config":{"decontamination":{"files":[],"n":100000}}}""", HttpStatusCode.BadRequest, "config.decontamination.n"),
        ("GET", "/examples?run={run}&page=2147483647&pageSize=1000", "", HttpStatusCode.BadRequest, "page"),
        ("GET", "/examples?version={version}&page=2147483647&pageSize=1000", "", HttpStatusCode.BadRequest, "page"),
        ("GET", "/examples?run={run}&page=99999999999", "", HttpStatusCode.BadRequest, "page"),
        ("POST", "/schedules", """{"name":"nightly","pipeline":"limits","cron":"abc def ghi jkl mno"}""", HttpStatusCode.BadRequest, "cron"),
        ("POST", "/schedules", """{"name":"nightly","pipeline":"limits","cron":"0 3 * * MONX"}""", HttpStatusCode.BadRequest, "cron"),
        ("POST", "/schedules", """{"name":"nightly","pipeline":"limits","cron":"61 3 * * *"}""", HttpStatusCode.BadRequest, "cron"),
        ("POST", "/runs", "{\"pipeline\":\"limits\",\"label\":\"" + new string('x', 1 << 20) + "\"}", HttpStatusCode.RequestEntityTooLarge, "body"),
        ("POST", "/runs/{run}/stages/round", """{"round":99}""", HttpStatusCode.BadRequest, "round"),
    ];

    [Fact]
    public async Task each_limit_is_answered_with_problem_details_naming_the_field_and_appends_nothing()
    {
        var wrong = new List<string>();
        foreach (var (method, url, body, expected, field) in Cases)
        {
            var events = await EventLog.CountAllAsync(f.Store);
            using var request = new HttpRequestMessage(new HttpMethod(method), url.Replace("{run}", _runId).Replace("{version}", _versionId));
            if (method != "GET") request.Content = new StringContent(body, Encoding.UTF8, "application/json");
            using var response = await f.Client.SendAsync(request);
            var text = await response.Content.ReadAsStringAsync();
            if (response.StatusCode != expected) wrong.Add($"{method} {url[..Math.Min(60, url.Length)]}: {(int)response.StatusCode} {text[..Math.Min(200, text.Length)]}");
            else if (!JsonDocument.Parse(text).RootElement.GetProperty("errors").EnumerateObject().Any(p => string.Equals(p.Name, field, StringComparison.OrdinalIgnoreCase)))
                wrong.Add($"{method} {url}: errors do not name {field}: {text[..Math.Min(300, text.Length)]}");
            if (await EventLog.CountAllAsync(f.Store) != events) wrong.Add($"{method} {url}: appended events");
        }
        Assert.True(wrong.Count == 0, string.Join("\n", wrong));
    }

    [Fact]
    public async Task a_chunked_body_past_the_cap_is_refused_like_a_declared_one()
    {
        var events = await EventLog.CountAllAsync(f.Store);
        var json = Encoding.UTF8.GetBytes("{\"pipeline\":\"limits\",\"label\":\"" + new string('y', 2 << 20) + "\"}");
        using var content = new StreamContent(new ChunkedOnly(json));
        content.Headers.ContentType = new("application/json");
        using var response = await f.Client.PostAsync("/runs", content);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Contains("\"body\"", await response.Content.ReadAsStringAsync());
        Assert.Equal(events, await EventLog.CountAllAsync(f.Store));
    }

    [Fact]
    public async Task the_diversity_report_is_computed_once_per_version_read_back_after_and_reading_it_appends_nothing()
    {
        var events = await EventLog.CountAllAsync(f.Store);
        var first = await f.GetAsync<DiversityReport>($"/versions/{_versionId}/diversity");
        await using (var session = f.Store.QuerySession())
        {
            var stored = await session.LoadAsync<StoredDiversityReport>(_versionId);
            Assert.NotNull(stored);
            Assert.Equal(first.Rounds.Count, stored.Report.Rounds.Count);
            // Spoil the stored computation: a second request that recomputed would answer the true count.
            await using var write = f.Store.LightweightSession();
            write.Store(new StoredDiversityReport { Id = _versionId, Report = stored.Report with { Embedded = 12345 } });
            await write.SaveChangesAsync();
        }
        var second = await f.GetAsync<DiversityReport>($"/versions/{_versionId}/diversity");
        Assert.Equal(12345, second.Embedded);
        Assert.Equal(events, await EventLog.CountAllAsync(f.Store));

        // The report job records the report requests already computed, and requests then read the record.
        var job = (await f.Service<PoolDiversity>().ReportAsync("limits", "test", CancellationToken.None))!;
        Assert.True(job.Recorded, job.Detail);
        await using var check = f.Store.QuerySession();
        var recorded = Assert.Single(await check.Events.QueryRawEventDataOnly<DiversityReported>().ToListAsync());
        Assert.Equal((_versionId, 12345), (recorded.VersionId, recorded.Report.Embedded));
    }

    /// <summary>A stream whose length is unknown, so HttpClient sends it chunked.</summary>
    private sealed class ChunkedOnly(byte[] bytes) : MemoryStream(bytes)
    {
        public override bool CanSeek => false;
    }
}
