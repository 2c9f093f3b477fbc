using Lineage.Api.Options;
using System.Net;
using System.Net.Http.Json;
using Hangfire;
using Hangfire.Storage;
using Lineage.Api.Schedules;
using Lineage.Api.Security.Access;
using Lineage.Api.Security.Keys;
using Lineage.Api.Tests.Platform;
using Lineage.Domain.Examples;
using Lineage.Domain.Runs;
using Marten;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace Lineage.Api.Tests.Security;

/// <summary>
/// A host with the Hangfire dashboard mapped and one sealed run, a schedule and a key in it, so that every route
/// can be called with ids that exist: a refused request is refused, not merely answered 404 further in.
/// </summary>
public sealed class SecuredHostFixture() : LineageFixture("security")
{
    public const string Pipeline = "secured";
    public const string Schedule = "nightly";
    public const string ExistingKey = "existing";

    public string RunId { get; private set; } = "";
    public string VersionId { get; private set; } = "";
    public string ExampleId { get; private set; } = "";

    protected override void Configure(Lineage.Api.Options.LineageOptions options) => options.Schedules = true;

    /// <summary>Sets up the data once: the specs refuse things and must leave it as it was.</summary>
    public async Task SeedOnceAsync()
    {
        if (RunId.Length > 0) return;
        await ResetAsync();
        var (runId, status) = await PipelineRuns.RunToVersionAsync(this, Pipeline, PipelineRuns.Small(1, 5), seed: 3);
        (RunId, VersionId) = (runId, status.VersionId!);
        await using var session = Store.QuerySession();
        ExampleId = (await session.Query<ExampleLineage>().Where(x => x.RunId == runId).FirstAsync()).Id;
        using var created = await Client.PostAsJsonAsync("/schedules", new ScheduleRequest(Schedule, Pipeline, "0 3 * * *"));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.NotNull(await Service<ApiKeyStore>().IssueAsync(ExistingKey, LineageRole.Reader, CancellationToken.None));
    }

    /// <summary>A client sending <paramref name="key"/> (none: anonymous), by header or as a bearer token.</summary>
    public HttpClient ClientWith(string? key, bool bearer = false)
    {
        var client = App.GetTestClient();
        if (key is null) return client;
        if (bearer) client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", key);
        else client.DefaultRequestHeaders.Add(AuthSchemes.ApiKeyHeader, key);
        return client;
    }

    public async Task<string> IssueAsync(string name, LineageRole role) =>
        (await Service<ApiKeyStore>().IssueAsync(name, role, CancellationToken.None))!.Key;

    /// <summary>Every route the host maps, as (method, pattern): what the specs walk, so a new endpoint cannot slip by.</summary>
    public IReadOnlyList<(string Method, string Pattern)> Routes() =>
        App.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["GET"]).Select(m => (m, "/" + e.RoutePattern.RawText!.TrimStart('/'))))
            .Distinct().OrderBy(r => r.Item2, StringComparer.Ordinal).ThenBy(r => r.m, StringComparer.Ordinal).ToList();

    /// <summary>A URL for <paramref name="pattern"/> naming things that exist, and a body its handler would act on.</summary>
    public (string Url, string Body) Concrete(string pattern)
    {
        var url = pattern
            .Replace("/runs/{id}", $"/runs/{RunId}").Replace("{stage}", "seal")
            .Replace("/versions/{id}", $"/versions/{VersionId}").Replace("/examples/{id}", $"/examples/{ExampleId}")
            .Replace("/pipelines/{name}", $"/pipelines/{Pipeline}").Replace("/schedules/{name}", $"/schedules/{Schedule}")
            .Replace("/keys/{name}", $"/keys/{ExistingKey}");
        url = System.Text.RegularExpressions.Regex.Replace(url, @"\{[^}]*\}", "v1");
        var body = pattern switch
        {
            "/pipelines" or "/pipelines/" => $$$"""{"name":"{{{Pipeline}}}","config":{"rounds":2,"batchesPerRound":1,"batchSize":5}}""",
            "/runs" or "/runs/" => $$"""{"pipeline":"{{Pipeline}}","seed":99}""",
            "/schedules" or "/schedules/" => $$"""{"name":"hourly","pipeline":"{{Pipeline}}","cron":"0 * * * *"}""",
            "/keys" or "/keys/" => """{"name":"intruder","role":"admin"}""",
            "/v1/chat/completions" => """{"messages":[{"role":"user","content":"hi"}]}""",
            _ => "{}",
        };
        return (url, body);
    }

    /// <summary>
    /// What a refused request must leave unchanged: events, live keys, Hangfire's recurring jobs and every job it
    /// ever created (its job table only grows, whatever state a job moves through meanwhile).
    /// </summary>
    public async Task<string> StateAsync()
    {
        var events = await EventLog.CountAllAsync(Store);
        var keys = (await Service<ApiKeyStore>().ListAsync(CancellationToken.None)).Count(k => k.RevokedAt is null);
        using var connection = Service<JobStorage>().GetConnection();
        var recurring = connection.GetRecurringJobs().Count;
        await using var pg = new Npgsql.NpgsqlConnection(Options.Postgres);
        await pg.OpenAsync();
        await using var count = new Npgsql.NpgsqlCommand($"select count(*) from {Options.Schema}_hangfire.job", pg);
        var jobs = (long)(await count.ExecuteScalarAsync())!;
        return $"events {events}, live keys {keys}, recurring jobs {recurring}, jobs {jobs}";
    }
}

[CollectionDefinition(Name)]
public sealed class SecuredHostCollection : ICollectionFixture<SecuredHostFixture>
{
    public const string Name = "secured-host";
}
