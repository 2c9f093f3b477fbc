using Lineage.Api.Options;
using Lineage.Api.Hosting;
using Lineage.Api.Tests.Platform;
using Lineage.Domain.Runs;
using Lineage.Explorer.Tests.Browser;
using static Lineage.Explorer.Tests.Browser.PageText;

namespace Lineage.Explorer.Tests.Runs;

/// <summary>A host that consumes every stage but generation, which a separate worker process takes when a test starts one.</summary>
public sealed class ExplorerLiveFixture() : ExplorerFixture("explorer_live")
{
    protected override void Configure(LineageOptions options) => options.Stages = ["round,verify,filter,seal"];
}

/// <summary>The run page follows a running run live: the progress moves in place, without a reload.</summary>
[Trait("Category", "Integration")]
public class LiveRunSpecs(ExplorerLiveFixture f) : IClassFixture<ExplorerLiveFixture>
{
    [Fact]
    public async Task a_running_runs_page_shows_each_stage_move_as_batches_complete_without_reloading()
    {
        await f.ResetAsync();
        await PipelineRuns.DefineAsync(f, "live", PipelineRuns.Small(batches: 3, batchSize: 8));
        var runId = await PipelineRuns.StartAsync(f, "live", seed: 3);
        // Round 1 starts and waits: nothing in this host generates.
        await Eventually.GetAsync(async () =>
        {
            using var response = await f.Client.GetAsync($"/runs/{runId}");
            return response.IsSuccessStatusCode ? await System.Net.Http.Json.HttpContentJsonExtensions.ReadFromJsonAsync<RunStatus>(response.Content, LineageFixture.Json) : null;
        }, s => s.Rounds.Count == 1, "round 1 to start");

        var page = await f.PageAsync();
        await page.GotoAsync($"/explorer/runs/{runId}");
        Assert.Equal("running", await TextAsync(page, "[data-testid=run-state]"));
        Assert.Equal("0", await page.GetAttributeAsync("[data-stage=generate]", "data-done"));
        Assert.Equal("3", await page.GetAttributeAsync("[data-stage=generate]", "data-total"));
        var pageId = await page.EvaluateAsync<string>("() => window.__explorerPageId");
        await ExplorerFixture.ScreenshotAsync(page, "run-waiting");

        await using (var worker = WorkerProcess.Start(f.Options, "generate", "explorer-live-generate"))
        {
            // Waits on what the page shows; the deadline only guards against a hang.
            await page.WaitForFunctionAsync("() => document.querySelector('[data-stage=generate]')?.dataset.done === '3'",
                null, new() { Timeout = 180_000 });
            await page.WaitForFunctionAsync("() => document.querySelector('[data-testid=run-state]')?.textContent.trim() === 'completed'",
                null, new() { Timeout = 180_000 });
        }
        Assert.Equal(pageId, await page.EvaluateAsync<string>("() => window.__explorerPageId"));
        Assert.True(int.Parse(await page.EvaluateAsync<string>("() => document.body.dataset.liveUpdates")) >= 2);
        Assert.Equal("3", await page.GetAttributeAsync("[data-stage=verify]", "data-done"));
        Assert.Equal(RunIds.Version(runId), (await TextAsync(page, "[data-testid=version-link]")).Split(' ')[1]);
        Assert.True(await page.Locator("[data-testid=recent-examples] li[data-example]").CountAsync() > 0);
        await page.WaitForFunctionAsync("() => document.body.dataset.liveEnded === 'true'");
        await ExplorerFixture.ScreenshotAsync(page, "run-completed");

        await page.GotoAsync("/explorer/runs");
        Assert.Equal("completed", await TextAsync(page, $"tr[data-run='{runId}'] .badge.state"));
        await ExplorerFixture.ScreenshotAsync(page, "runs");
    }
}
