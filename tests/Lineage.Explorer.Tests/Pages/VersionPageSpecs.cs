using System.Text.RegularExpressions;
using Lineage.Api.Diversity;
using Lineage.Api.Examples;
using Lineage.Api.Explorer.Versions;
using Lineage.Api.Tests.Platform;
using Lineage.Domain.Examples;
using Lineage.Domain.Versions;
using Lineage.Explorer.Tests.Browser;
using Marten;
using static Lineage.Explorer.Tests.Browser.PageText;

namespace Lineage.Explorer.Tests.Pages;

/// <summary>The version page in a real browser against the real host, checked against the API and the stored documents.</summary>
[Collection(ExplorerCollection.Name)]
[Trait("Category", "Integration")]
public class VersionPageSpecs(ExplorerFixture f)
{
    private async Task<List<ExampleLineage>> GeneratedAsync(string runId)
    {
        await using var session = f.Store.QuerySession();
        return (await session.Query<ExampleLineage>().Where(x => x.RunId == runId && x.Origin == "generated").ToListAsync())
            .OrderBy(x => x.Round).ThenBy(x => x.Batch).ThenBy(x => x.Index).ToList();
    }

    [Fact]
    public async Task the_version_pages_counts_equal_the_apis()
    {
        var run = await f.VersionAsync();
        var api = await f.GetAsync<VersionSealed>($"/versions/{run.VersionId}");
        var kept = await f.GetAsync<ExamplePage>($"/examples?version={run.VersionId}&pageSize=1");
        Assert.True(api.Dropped > 0 && api.DroppedByRule.Count >= 2, "the demo-like version should drop examples by at least two rules");

        var page = await f.PageAsync();
        await page.GotoAsync($"/explorer/versions/{run.VersionId}");
        Assert.Equal(api.VersionId, await TextAsync(page, "[data-testid=version-id]"));
        Assert.Equal(api.Generated, await NumberAsync(page, "[data-count=generated]"));
        Assert.Equal(api.Kept, await NumberAsync(page, "[data-count=kept]"));
        Assert.Equal(api.Dropped, await NumberAsync(page, "[data-count=dropped]"));
        Assert.Equal(api.ExampleCount, await NumberAsync(page, "[data-count=examples]"));
        Assert.Equal(kept.Total, await NumberAsync(page, "[data-rule-count=kept]"));
        foreach (var (rule, count) in api.DroppedByRule)
            Assert.Equal(count, await NumberAsync(page, $"[data-rule-count='{rule}']"));
        // The table lists every generated example; the kept filter lists what GET /examples counts as the version.
        Assert.Equal(api.Generated, await MatchCountAsync(page));

        // The diversity report and the pool history arrive after the page: wait for the chart and the generator rows.
        await page.Locator("#generator-table tr[data-generator]").First.WaitForAsync();
        await page.Locator("#pool-table tbody tr").First.WaitForAsync();
        await ExplorerFixture.ScreenshotAsync(page, "version");
        await ExplorerFixture.ScreenshotAsync(page, "version-top", fullPage: false);

        await page.SelectOptionAsync("select[name=decision]", "kept");
        await page.ClickAsync("form.filters button[type=submit]");
        await AddressAsync(page, new Regex("decision=kept"));
        Assert.Equal(kept.Total, await MatchCountAsync(page));
    }

    [Fact]
    public async Task filtering_and_paging_in_the_page_walks_exactly_the_matching_documents_in_generation_order()
    {
        var run = await f.VersionAsync();
        var all = await GeneratedAsync(run.Id);
        // Round 2's dropped examples: a filter the version's own counts do not answer, so the page counts it.
        var expected = all.Where(x => x.Round == 2 && x.Outcome == Decision.Dropped).Select(x => x.Id).ToList();
        Assert.True(expected.Count > 5, $"round 2 should drop more than one page of 5, dropped {expected.Count}");

        var page = await f.PageAsync();
        await page.GotoAsync($"/explorer/versions/{run.VersionId}?pageSize=5#examples");
        await page.SelectOptionAsync("select[name=round]", "2");
        await page.SelectOptionAsync("select[name=decision]", "dropped");
        await page.ClickAsync("form.filters button[type=submit]");
        await AddressAsync(page, new Regex("round=2"));
        Assert.Equal(expected.Count, await MatchCountAsync(page));

        var seen = new List<string>(await RowIdsAsync(page));
        for (var p = 2; await page.Locator("a[rel=next]").CountAsync() > 0; p++)
        {
            await page.ClickAsync("a[rel=next]");
            await AddressAsync(page, new Regex($"page={p}(&|$|#)"));
            seen.AddRange(await RowIdsAsync(page));
        }
        Assert.Equal(expected, seen);
        // Back one page, from the last row's position backwards: the page before the last, in order.
        var previous = expected.Skip((expected.Count - 1) / 5 * 5 - 5).Take(5).ToList();
        await page.ClickAsync("a[rel=prev]");
        await page.WaitForFunctionAsync("id => document.querySelector('tr[data-example]')?.dataset.example === id", previous[0]);
        Assert.Equal(previous, await RowIdsAsync(page));
    }

    [Fact]
    public async Task the_generator_and_text_filters_agree_with_the_documents()
    {
        var run = await f.VersionAsync();
        var all = await GeneratedAsync(run.Id);
        var generator = DiversityReporter.GeneratorOf(all[0]);
        var byGenerator = await f.GetAsync<ExampleTablePage>($"/explorer/versions/{run.VersionId}/examples.json?generator={Uri.EscapeDataString(generator)}&pageSize=500");
        Assert.Equal(all.Where(x => DiversityReporter.GeneratorOf(x) == generator).Select(x => x.Id), byGenerator.Rows.Select(r => r.Id));
        Assert.Equal(byGenerator.Rows.Count, byGenerator.Total);

        // A person's name from the procedural word lists: a whole word, which English stemming leaves as it is.
        var name = new[] { "Ava", "Ben", "Chloe", "Elena", "Grace", "Maya", "Olga", "Pablo", "Rosa", "Tara" }
            .First(n => all.Any(x => Regex.IsMatch(x.Problem + " " + x.Solution, $@"\b{n}\b")));
        var byText = await f.GetAsync<ExampleTablePage>($"/explorer/versions/{run.VersionId}/examples.json?text={name}&pageSize=500");
        Assert.Equal(all.Where(x => Regex.IsMatch(x.Problem + " " + x.Solution, $@"\b{name}\b", RegexOptions.IgnoreCase)).Select(x => x.Id),
            byText.Rows.Select(r => r.Id));

        var page = await f.PageAsync();
        await page.GotoAsync($"/explorer/versions/{run.VersionId}?text={name}#examples");
        Assert.Equal(byText.Rows.Count, await MatchCountAsync(page));
    }

    [Fact]
    public async Task a_bad_filter_answers_400_naming_the_field()
    {
        var run = await f.VersionAsync();
        using var response = await f.Client.GetAsync($"/explorer/versions/{run.VersionId}?decision=maybe&round=x");
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync();
        Assert.Contains("\"decision\"", body);
        Assert.Contains("\"round\"", body);
    }
}
