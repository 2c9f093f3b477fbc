using System.Net;
using System.Text.RegularExpressions;
using Lineage.Api.Explorer.Access;
using Lineage.Explorer.Tests.Browser;
using static Lineage.Explorer.Tests.Browser.PageText;

namespace Lineage.Explorer.Tests.Access;

/// <summary>With authentication on, the Explorer's one group requires the reader role, by header or by the login cookie.</summary>
[Trait("Category", "Integration")]
public class ExplorerAccessSpecs(ExplorerAuthFixture f) : IClassFixture<ExplorerAuthFixture>
{
    private HttpClient Raw(string? key = null)
    {
        var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = f.BaseAddress };
        if (key is not null) client.DefaultRequestHeaders.Add(ExplorerAccess.ApiKeyHeader, key);
        return client;
    }

    [Fact]
    public async Task without_a_key_json_is_refused_with_401_and_a_page_sends_the_browser_to_the_login_form()
    {
        using var client = Raw();
        using var json = await client.GetAsync("/explorer/pipelines/none/pool");
        Assert.Equal(HttpStatusCode.Unauthorized, json.StatusCode);

        using var request = new HttpRequestMessage(HttpMethod.Get, "/explorer/runs");
        request.Headers.Accept.ParseAdd("text/html");
        using var page = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.SeeOther, page.StatusCode);
        Assert.StartsWith("/explorer/login?refused=unauthenticated&returnUrl=%2Fexplorer%2Fruns", page.Headers.Location!.OriginalString);

        // The form and its stylesheet are open: a browser without a key must be able to get one.
        using var login = await client.GetAsync("/explorer/login");
        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
    }

    [Fact]
    public async Task the_reader_key_as_a_header_opens_the_pages_and_an_unknown_key_is_refused()
    {
        using var reader = Raw(await f.ReaderKeyAsync());
        using var ok = await reader.GetAsync("/explorer/runs");
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        using var other = Raw("lk_not-a-key");
        using var refused = await other.GetAsync("/explorer/pipelines/none/pool");
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
    }

    [Fact]
    public async Task a_key_typed_into_the_login_form_becomes_a_cookie_that_the_pages_and_their_scripts_carry()
    {
        // A small version without diversity settings: what matters here is who may read it.
        await f.ResetAsync();
        var (_, run) = await Lineage.Api.Tests.Platform.PipelineRuns.RunToVersionAsync(f, "access", Lineage.Api.Tests.Platform.PipelineRuns.Small(2, 8), seed: 1);
        var page = await f.PageAsync(withKey: false);
        await page.GotoAsync($"/explorer/versions/{run.VersionId}");
        await AddressAsync(page, new Regex("/explorer/login"));
        Assert.Contains("needs an API key", await TextAsync(page, "[role=alert]"));
        await ExplorerFixture.ScreenshotAsync(page, "login");

        await page.FillAsync("#key", await f.ReaderKeyAsync());
        await page.ClickAsync("form.stack button[type=submit]");
        try { await AddressAsync(page, new Regex($"/explorer/versions/{run.VersionId}$")); }
        catch (Microsoft.Playwright.PlaywrightException) { throw new Xunit.Sdk.XunitException($"after signing in the page is at {page.Url}: {await page.InnerTextAsync("body")}"); }
        Assert.Equal(run.VersionId, await TextAsync(page, "[data-testid=version-id]"));
        // The page's own requests go out with the cookie too: the diversity report arrives (no vectors to cluster here).
        await page.WaitForFunctionAsync("() => document.querySelector('[data-diversity-state]').textContent.startsWith('Only ')");

        var cookie = Assert.Single(await page.Context.CookiesAsync(), c => c.Name == ExplorerAccess.KeyCookie);
        Assert.True(cookie.HttpOnly);
        Assert.Equal("/explorer", cookie.Path);
        Assert.Equal(Microsoft.Playwright.SameSiteAttribute.Strict, cookie.SameSite);
        // Scoped to the Explorer: the API's own endpoints never see it, so it cannot authorise a write.
        async Task<string> CookieSentTo(string path)
        {
            var request = await page.RunAndWaitForRequestAsync(() => page.EvaluateAsync($"fetch('{path}')"), r => r.Url.EndsWith(path, StringComparison.Ordinal));
            return (await request.AllHeadersAsync()).GetValueOrDefault("cookie") ?? "";
        }
        Assert.Contains(ExplorerAccess.KeyCookie, await CookieSentTo("/explorer/pipelines/none/pool"));
        Assert.DoesNotContain(ExplorerAccess.KeyCookie, await CookieSentTo("/pipelines/none"));
    }
}
