using System.Net;
using System.Text;
using Lineage.Api.Security.Access;
using Lineage.Api.Tests.Platform;

namespace Lineage.Api.Tests.Security;

/// <summary>
/// Every route the host maps (read from its endpoint data source, so a route added later is walked too) and the
/// Hangfire dashboard, called by a stranger, a reader, an operator and an admin: who gets 401, 403 and 415, and
/// that nothing a refused request could have done was done.
/// </summary>
[Trait("Category", "Integration")]
[Collection(SecuredHostCollection.Name)]
public class AccessSpecs(SecuredHostFixture f) : IAsyncLifetime
{
    /// <summary>
    /// Routes anyone may call: the health probe, and the Explorer's login form and static assets (a browser has no key
    /// before it logs in). Listed by hand so that a route made public by mistake fails the walk below.
    /// </summary>
    private static readonly string[] PublicRoutes = ["/health", "/explorer/login", "/explorer/assets/{*path}"];

    /// <summary>Routes that need admin: maintenance and keys (the dashboard is not a route; it is checked by path).</summary>
    private static bool IsAdminRoute(string pattern) => pattern.StartsWith("/maintenance", StringComparison.Ordinal) || pattern.StartsWith("/keys", StringComparison.Ordinal);

    private static readonly string[] DashboardPaths = ["/hangfire", "/hangfire/jobs/enqueued"];

    public Task InitializeAsync() => f.SeedOnceAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    private async Task<HttpStatusCode> SendAsync(HttpClient client, string method, string pattern, string? contentType = "application/json")
    {
        var (url, body) = f.Concrete(pattern);
        using var request = new HttpRequestMessage(new HttpMethod(method), url);
        if (method != "GET" && method != "DELETE")
        {
            request.Content = new StringContent(body, Encoding.UTF8);
            request.Content.Headers.ContentType = contentType is null ? null : System.Net.Http.Headers.MediaTypeHeaderValue.Parse(contentType);
        }
        using var response = await client.SendAsync(request);
        return response.StatusCode;
    }

    private static async Task<HttpStatusCode> DefineAsync(HttpClient client, string pipeline)
    {
        using var response = await client.PutAsync("/pipelines",
            new StringContent($$$"""{"name":"{{{pipeline}}}","config":{"batchesPerRound":1,"batchSize":5}}""", Encoding.UTF8, "application/json"));
        return response.StatusCode;
    }

    [Fact]
    public void the_walk_covers_the_api_the_teacher_the_documents_and_keys()
    {
        var patterns = f.Routes().Select(r => r.Pattern).ToHashSet();
        foreach (var expected in new[] { "/pipelines", "/runs", "/runs/{id}/stages/{stage}", "/examples/{id}/lineage", "/versions/{id}/export",
                     "/schedules/{name}", "/maintenance/projections/rebuild", "/keys", "/v1/chat/completions", "/v1/models", "/health" })
            Assert.Contains(patterns, p => p.TrimEnd('/') == expected);
        Assert.Contains(patterns, p => p.StartsWith("/openapi/", StringComparison.Ordinal));
        Assert.Contains(patterns, p => p.StartsWith("/scalar", StringComparison.Ordinal));
    }

    [Fact]
    public async Task a_caller_without_a_key_is_answered_401_on_every_route_but_health_and_nothing_is_appended()
    {
        var before = await f.StateAsync();
        var wrong = new List<string>();
        using var stranger = f.ClientWith(null);
        foreach (var (method, pattern) in f.Routes())
        {
            var status = await SendAsync(stranger, method, pattern);
            if (PublicRoutes.Contains(pattern) ? status is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden or >= HttpStatusCode.InternalServerError
                    : status != HttpStatusCode.Unauthorized)
                wrong.Add($"{method} {pattern}: {(int)status}, expected {(PublicRoutes.Contains(pattern) ? "an answer" : "401")}");
        }
        foreach (var (path, expected) in new[] { ("/health", HttpStatusCode.OK), ("/explorer/login", HttpStatusCode.OK) })
            if (await SendAsync(stranger, "GET", path) is var status && status != expected) wrong.Add($"GET {path}: {(int)status}, expected {(int)expected}");
        foreach (var path in DashboardPaths)
            if (await SendAsync(stranger, "GET", path) is var status && status != HttpStatusCode.Unauthorized) wrong.Add($"GET {path}: {(int)status}");
        // A key that is malformed, unknown, or right in id but wrong in secret is no key either.
        var existing = (await f.Service<Lineage.Api.Security.Keys.ApiKeyStore>().ListAsync(CancellationToken.None)).First(k => k.Name == SecuredHostFixture.ExistingKey);
        foreach (var bad in new[] { "not-a-key", "lk_" + new string('0', 16) + "_" + new string('1', 64), $"lk_{existing.KeyId}_{new string('2', 64)}" })
        {
            using var impostor = f.ClientWith(bad);
            if (await SendAsync(impostor, "GET", "/runs/{id}") is var s && s != HttpStatusCode.Unauthorized) wrong.Add($"key {bad}: {(int)s}");
            if (await SendAsync(impostor, "POST", "/runs") is var p && p != HttpStatusCode.Unauthorized) wrong.Add($"key {bad} POST: {(int)p}");
        }
        Assert.True(wrong.Count == 0, string.Join("\n", wrong));
        Assert.Equal(before, await f.StateAsync());
    }

    [Fact]
    public async Task a_reader_reads_but_is_answered_403_on_every_mutation_and_nothing_is_appended()
    {
        var key = await f.IssueAsync("reader-" + Guid.NewGuid().ToString("N")[..8], LineageRole.Reader);
        var before = await f.StateAsync();
        var wrong = new List<string>();
        foreach (var bearer in new[] { false, true })
        {
            using var reader = f.ClientWith(key, bearer);
            foreach (var (method, pattern) in f.Routes().Where(r => !PublicRoutes.Contains(r.Pattern)))
            {
                var status = await SendAsync(reader, method, pattern);
                var mutation = !AccessRules.IsRead(method);
                if (mutation || IsAdminRoute(pattern) ? status != HttpStatusCode.Forbidden : status is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
                    wrong.Add($"{(bearer ? "bearer" : "header")} {method} {pattern}: {(int)status}");
            }
            foreach (var path in DashboardPaths)
                if (await SendAsync(reader, "GET", path) is var status && status != HttpStatusCode.Forbidden) wrong.Add($"GET {path}: {(int)status}");
        }
        Assert.True(wrong.Count == 0, string.Join("\n", wrong));
        Assert.Equal(before, await f.StateAsync());
    }

    [Fact]
    public async Task an_operator_is_answered_403_on_maintenance_keys_and_the_dashboard_and_nothing_is_appended()
    {
        var key = await f.IssueAsync("operator-" + Guid.NewGuid().ToString("N")[..8], LineageRole.Operator);
        var before = await f.StateAsync();
        var wrong = new List<string>();
        using var operatorClient = f.ClientWith(key);
        foreach (var (method, pattern) in f.Routes().Where(r => IsAdminRoute(r.Pattern)))
            if (await SendAsync(operatorClient, method, pattern) is var status && status != HttpStatusCode.Forbidden)
                wrong.Add($"{method} {pattern}: {(int)status}");
        foreach (var path in DashboardPaths)
            if (await SendAsync(operatorClient, "GET", path) is var status && status != HttpStatusCode.Forbidden) wrong.Add($"GET {path}: {(int)status}");
        Assert.True(wrong.Count == 0, string.Join("\n", wrong));
        Assert.Equal(before, await f.StateAsync());

        // The same key may do what an operator is for: define a pipeline (started runs would go on appending
        // after the test, under the feet of the next one).
        Assert.Equal(HttpStatusCode.OK, await DefineAsync(operatorClient, "operator-made"));
    }

    [Fact]
    public async Task an_admin_opens_the_dashboard_and_rebuilds_projections()
    {
        using var admin = f.ClientWith(f.AdminKey);
        Assert.Equal(HttpStatusCode.OK, await SendAsync(admin, "GET", "/hangfire"));
        Assert.Equal(HttpStatusCode.Accepted, await SendAsync(admin, "POST", "/maintenance/projections/rebuild"));
    }

    [Fact]
    public async Task a_revoked_key_is_answered_401_from_the_moment_it_is_revoked()
    {
        var name = "revoked-" + Guid.NewGuid().ToString("N")[..8];
        var key = await f.IssueAsync(name, LineageRole.Admin);
        using var holder = f.ClientWith(key);
        // The key list, not the run: the run's status is a projection another spec may be rebuilding (404 meanwhile).
        Assert.Equal(HttpStatusCode.OK, await SendAsync(holder, "GET", "/keys"));

        using var admin = f.ClientWith(f.AdminKey);
        using (var revoked = await admin.DeleteAsync($"/keys/{name}")) Assert.Equal(HttpStatusCode.NoContent, revoked.StatusCode);

        var before = await f.StateAsync();
        Assert.Equal(HttpStatusCode.Unauthorized, await SendAsync(holder, "GET", "/runs/{id}"));
        Assert.Equal(HttpStatusCode.Unauthorized, await SendAsync(holder, "POST", "/keys"));
        Assert.Equal(HttpStatusCode.Unauthorized, await SendAsync(holder, "POST", "/runs"));
        Assert.Equal(before, await f.StateAsync());
    }

    [Fact]
    public async Task a_write_without_a_json_content_type_is_answered_415_and_nothing_is_appended()
    {
        using var admin = f.ClientWith(f.AdminKey);
        var before = await f.StateAsync();
        var wrong = new List<string>();
        // The Explorer's login form posts urlencoded by design (it is public, and its cookie is SameSite=Strict).
        var writes = f.Routes().Where(r => r.Method is "POST" or "PUT" or "PATCH" && !PublicRoutes.Contains(r.Pattern)).ToList();
        Assert.NotEmpty(writes);
        foreach (var (method, pattern) in writes)
            foreach (var contentType in new[] { null, "text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x" })
                if (await SendAsync(admin, method, pattern, contentType) is var status && status != HttpStatusCode.UnsupportedMediaType)
                    wrong.Add($"{method} {pattern} with {contentType ?? "no content type"}: {(int)status}");
        // The public form itself refuses whatever is not its own urlencoded form with a 400 naming the field, never a 5xx.
        foreach (var contentType in new[] { null, "text/plain", "application/json", "multipart/form-data; boundary=x" })
            if (await SendAsync(admin, "POST", "/explorer/login", contentType) is var status && status != HttpStatusCode.BadRequest)
                wrong.Add($"POST /explorer/login with {contentType ?? "no content type"}: {(int)status}, expected 400");
        Assert.True(wrong.Count == 0, string.Join("\n", wrong));
        Assert.Equal(before, await f.StateAsync());
    }

    [Fact]
    public async Task keys_made_over_http_are_shown_once_and_listed_without_their_secret()
    {
        using var admin = f.ClientWith(f.AdminKey);
        var name = "made-" + Guid.NewGuid().ToString("N")[..8];
        using var created = await admin.PostAsync("/keys", new StringContent($$"""{"name":"{{name}}","role":"operator"}""", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var key = System.Text.Json.JsonDocument.Parse(await created.Content.ReadAsStringAsync()).RootElement.GetProperty("key").GetString()!;

        using var again = await admin.PostAsync("/keys", new StringContent($$"""{"name":"{{name}}","role":"admin"}""", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        var listed = await admin.GetStringAsync("/keys");
        Assert.Contains(name, listed);
        Assert.DoesNotContain(key, listed);
        Assert.DoesNotContain(key[^64..], listed);

        using var holder = f.ClientWith(key);
        Assert.Equal(HttpStatusCode.OK, await DefineAsync(holder, name));
        Assert.Equal(HttpStatusCode.Forbidden, await SendAsync(holder, "GET", "/keys"));
    }
}
