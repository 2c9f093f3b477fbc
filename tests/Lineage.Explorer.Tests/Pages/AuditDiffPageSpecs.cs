using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Lineage.Api.Audits;
using Lineage.Api.Diffs;
using Lineage.Api.Forks;
using Lineage.Api.Tests.Platform;
using Lineage.Explorer.Tests.Browser;
using static Lineage.Explorer.Tests.Browser.PageText;

namespace Lineage.Explorer.Tests.Pages;

/// <summary>
/// The audit, diff and fork pages in a real browser, checked against the audits feature's own JSON: the audit report
/// of <c>POST /versions/{id}/audit</c> and the diff of <c>GET /versions/{a}/diff/{b}</c>.
/// </summary>
[Collection(ExplorerCollection.Name)]
[Trait("Category", "Integration")]
public class AuditDiffPageSpecs(ExplorerFixture f)
{
    [Fact]
    public async Task the_audit_page_says_when_none_is_recorded_appends_nothing_and_then_shows_the_reports_per_stage_counts()
    {
        var run = await f.VersionAsync();
        var page = await f.PageAsync();

        var before = await EventLog.CountAllAsync(f.Store);
        await page.GotoAsync($"/explorer/versions/{run.VersionId}/audit");
        await page.Locator("[data-testid=no-audit]").WaitForAsync();
        Assert.Contains($"/versions/{run.VersionId}/audit", await TextAsync(page, "[data-testid=audit-command]"));
        Assert.Equal(before, await EventLog.CountAllAsync(f.Store));

        using var response = await f.Client.PostAsJsonAsync($"/versions/{run.VersionId}/audit", new { });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var report = (await response.Content.ReadFromJsonAsync<AuditReport>(LineageFixture.Json))!;
        Assert.True(report.Stages.Count >= 5, $"the audit should cover every stage, got {report.Stages.Count}");

        await page.ReloadAsync();
        Assert.Equal(report.AuditId, await TextAsync(page, "[data-testid=audit-id]"));
        Assert.Equal(report.Clean ? "clean" : "differences", await TextAsync(page, "[data-testid=verdict]"));
        Assert.Equal(report.Stages.Count, await page.Locator("[data-testid=audit-stages] tbody tr").CountAsync());
        foreach (var stage in report.Stages)
        {
            var row = $"[data-testid=audit-stages] tr[data-stage='{stage.Stage}']";
            var different = stage.Differences.Select(d => d.Subject).Distinct().Count();
            Assert.Equal(stage.Checked, await NumberAsync(page, $"{row} [data-field=checked]"));
            Assert.Equal(stage.Checked - different, await NumberAsync(page, $"{row} [data-field=identical]"));
            Assert.Equal(different, await NumberAsync(page, $"{row} [data-field=different]"));
        }
        await ExplorerFixture.ScreenshotAsync(page, "audit");

        // The version page links to the audit it now has.
        await page.GotoAsync($"/explorer/versions/{run.VersionId}");
        await page.ClickAsync("a[data-hook=audit]");
        await AddressAsync(page, new Regex($"/versions/{Regex.Escape(run.VersionId!)}/audit$"));
    }

    [Fact]
    public async Task the_diff_page_of_a_tighter_length_fork_shows_the_diffs_counts_and_links_a_changed_example()
    {
        var run = await f.VersionAsync();
        using var forked = await f.Client.PostAsJsonAsync($"/versions/{run.VersionId}/forks",
            new { set = new Dictionary<string, object> { ["length.maxChars"] = 500 } }, LineageFixture.Json);
        Assert.True(forked.StatusCode is HttpStatusCode.Created or HttpStatusCode.OK, $"fork: {(int)forked.StatusCode} {await forked.Content.ReadAsStringAsync()}");
        var fork = (await forked.Content.ReadFromJsonAsync<ForkResult>(LineageFixture.Json))!;
        var api = await f.GetAsync<DiffPage>($"/versions/{run.VersionId}/diff/{fork.VersionId}?pageSize={DiffFeature.MaxPageSize}");
        Assert.True(api.Summary.OnlyInA > 0, "a tighter maximum length should drop some examples the parent keeps");

        var page = await f.PageAsync();
        // From the version page: the diff form lists the fork; choosing it opens the diff.
        await page.GotoAsync($"/explorer/versions/{run.VersionId}");
        await page.ClickAsync("a[data-hook=diff]");
        await AddressAsync(page, new Regex("/explorer/diff\\?from="));
        await page.SelectOptionAsync("[data-testid=diff-form] select[name=to]", fork.VersionId);
        await page.ClickAsync("[data-testid=diff-form] button[type=submit]");
        await AddressAsync(page, new Regex($"to={Regex.Escape(fork.VersionId)}"));

        Assert.Equal(api.Summary.OnlyInA, await NumberAsync(page, "[data-count=only-a]"));
        Assert.Equal(api.Summary.OnlyInB, await NumberAsync(page, "[data-count=only-b]"));
        Assert.Equal(api.Summary.Changed, await NumberAsync(page, "[data-count=changed]"));
        Assert.Equal(api.Summary.Same, await NumberAsync(page, "[data-count=same]"));
        Assert.Equal(api.Total, await page.Locator("[data-testid=diff-items] tbody tr[data-change]").CountAsync());
        var keys = await page.Locator("[data-testid=diff-items] tbody tr[data-change]").EvaluateAllAsync<string[]>("rows => rows.map(r => r.dataset.key)");
        Assert.Equal(api.Items.Select(i => i.Key), keys);
        await ExplorerFixture.ScreenshotAsync(page, "diff");

        // The fork's side of the first item only the parent keeps: the fork's decision, linked to its example page.
        var first = api.Items.First(i => i.Change == "only-a");
        Assert.NotNull(first.B);
        Assert.Equal("dropped", first.B!.Decision);
        await page.ClickAsync($"[data-testid=diff-items] tr[data-key='{first.Key}'] a[data-example='{first.B.ExampleId}']");
        await AddressAsync(page, new Regex($"/explorer/examples/{Regex.Escape(first.B.ExampleId)}$"));
        // The fork's example page shows the parent's decision beside the fork's, and the parent's page the fork's.
        var parentRow = $"[data-testid=fork-decisions] tr[data-role=parent][data-example='{first.A!.ExampleId}']";
        Assert.Equal(first.A.Decision, await TextAsync(page, $"{parentRow} [data-field=decision]"));
        await ExplorerFixture.ScreenshotAsync(page, "example-fork");
        await page.GotoAsync($"/explorer/examples/{first.A.ExampleId}");
        var forkRow = $"[data-testid=fork-decisions] tr[data-role=fork][data-example='{first.B.ExampleId}']";
        Assert.Equal("dropped", await TextAsync(page, $"{forkRow} [data-field=decision]"));
        Assert.Equal(first.B.Rule, await TextAsync(page, $"{forkRow} [data-field=rule]"));

        // The fork page lists the fork with its diff.
        await page.GotoAsync($"/explorer/versions/{run.VersionId}/fork");
        Assert.Contains($"/versions/{run.VersionId}/forks", await TextAsync(page, "[data-testid=fork-command]"));
        Assert.Equal(1, await page.Locator($"[data-testid=forks] a[href='/explorer/versions/{fork.VersionId}']").CountAsync());
    }
}
