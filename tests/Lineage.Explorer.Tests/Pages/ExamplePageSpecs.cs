using System.Text.RegularExpressions;
using Lineage.Api.Examples;
using Lineage.Domain.Examples;
using Lineage.Explorer.Tests.Browser;
using Marten;
using static Lineage.Explorer.Tests.Browser.PageText;

namespace Lineage.Explorer.Tests.Pages;

/// <summary>The example page: the why as a timeline with its evidence, and the ancestry graph one clicks through.</summary>
[Collection(ExplorerCollection.Name)]
[Trait("Category", "Integration")]
public class ExamplePageSpecs(ExplorerFixture f)
{
    private async Task<List<ExampleLineage>> GeneratedAsync(string runId)
    {
        await using var session = f.Store.QuerySession();
        return (await session.Query<ExampleLineage>().Where(x => x.RunId == runId && x.Origin == "generated").ToListAsync()).ToList();
    }

    [Fact]
    public async Task a_dropped_examples_page_shows_its_rule_and_the_evidence_the_rule_compared()
    {
        var run = await f.VersionAsync();
        var dropped = (await GeneratedAsync(run.Id)).Where(x => x.Outcome == Decision.Dropped)
            .GroupBy(x => x.Rule!).Select(g => g.OrderBy(x => x.Id, StringComparer.Ordinal).First()).ToList();
        Assert.True(dropped.Count >= 2);
        var page = await f.PageAsync();
        foreach (var example in dropped)
        {
            var api = await f.GetAsync<LineageResponse>($"/examples/{example.Id}/lineage");
            var decision = api.Lineage.Decision!;
            await page.GotoAsync($"/explorer/examples/{example.Id}");
            Assert.Equal("dropped", await TextAsync(page, "[data-testid=outcome]"));
            Assert.Equal(decision.Rule, await TextAsync(page, "[data-testid=rule]"));
            var step = page.Locator("li.step[data-step=decided]");
            Assert.Equal("failed", await step.GetAttributeAsync("data-status"));
            Assert.Equal($"Dropped by {decision.Rule}", (await step.Locator(".step-title").TextContentAsync())?.Trim());
            Assert.Equal(decision.Reason, (await step.Locator("dd[data-evidence=reason]").TextContentAsync())?.Trim());
            var e = decision.Evidence;
            if (e.Length is { } length)
                Assert.StartsWith($"{length} characters", (await step.Locator("dd[data-evidence=length]").TextContentAsync())?.Trim());
            if (e.ClusterSize is { } size)
            {
                Assert.Equal(size.ToString(), (await step.Locator("dd[data-evidence='cluster size']").TextContentAsync())?.Trim());
                Assert.StartsWith($"kept below size {e.Threshold}", (await step.Locator("dd[data-evidence=threshold]").TextContentAsync())?.Trim());
            }
            if (e.DuplicateOf is { } original)
                Assert.Equal(original, (await step.Locator("dd[data-evidence='duplicate of']").TextContentAsync())?.Trim());
            if (decision.Rule == "verification")
            {
                // Every vote is on the verified step, beside the answer that was compared.
                var verified = page.Locator("li.step[data-step=verified]");
                Assert.Equal("failed", await verified.GetAttributeAsync("data-status"));
                Assert.Equal(api.Lineage.Verification!.ExpectedAnswer, (await verified.Locator("dd[data-evidence=expected]").TextContentAsync())?.Trim());
            }
            await ExplorerFixture.ScreenshotAsync(page, $"example-dropped-{decision.Rule}");
        }
    }

    [Fact]
    public async Task clicking_a_parent_in_the_graph_opens_the_parents_page_which_lists_the_child()
    {
        var run = await f.VersionAsync();
        var all = await GeneratedAsync(run.Id);
        var ids = all.Select(x => x.Id).ToHashSet();
        var child = all.Where(x => x.Round == 2 && x.Generated!.ParentExampleIds.Any(ids.Contains))
            .OrderBy(x => x.Id, StringComparer.Ordinal).First();
        var parent = child.Generated!.ParentExampleIds.First(ids.Contains);

        var page = await f.PageAsync();
        await page.GotoAsync($"/explorer/examples/{child.Id}");
        await page.Locator("#ancestry-graph").ScrollIntoViewIfNeededAsync();
        await page.WaitForFunctionAsync("() => window.__ancestry && window.__ancestry.cy.nodes().length > 1");
        await ExplorerFixture.ScreenshotAsync(page, "example-graph");
        var at = await page.EvaluateAsync<Point>("id => window.__ancestry.positionOf(id)", parent);
        await page.Mouse.ClickAsync((float)at.X, (float)at.Y);
        await AddressAsync(page, new Regex($"/explorer/examples/{Regex.Escape(parent)}$"));

        Assert.Equal(parent, await TextAsync(page, "[data-testid=example-id]"));
        Assert.Equal(1, await page.Locator($"[data-testid=related] li[data-relation=child] a:text-is('{child.Id}')").CountAsync());
    }

    [Fact]
    public async Task an_unknown_example_answers_404()
    {
        using var response = await f.Client.GetAsync("/explorer/examples/run-nothing-1-0-0");
        Assert.Equal(System.Net.HttpStatusCode.NotFound, response.StatusCode);
    }

    public sealed class Point
    {
        public double X { get; set; }
        public double Y { get; set; }
    }
}
