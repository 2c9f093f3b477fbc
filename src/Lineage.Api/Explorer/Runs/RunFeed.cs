using System.Text.Json;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;

namespace Lineage.Api.Explorer.Runs;

/// <summary>
/// The run page's live feed, as server-sent events: every <see cref="Interval"/> it reads the run, and when anything
/// the page shows changed it sends the re-rendered progress panel (<c>event: progress</c>, data
/// <c>{"state": ..., "html": ...}</c>); once the run has ended it sends the last panel, then <c>event: end</c>, and
/// closes. A comment line every <see cref="Heartbeat"/> keeps proxies from closing an idle stream.
/// Reads only: a feed left open costs one document load and two short index reads per interval.
/// </summary>
public static class RunFeed
{
    public static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(500);
    public static readonly TimeSpan Heartbeat = TimeSpan.FromSeconds(15);
    /// <summary>The browser's EventSource reconnects by itself after this; no feed is held forever.</summary>
    public static readonly TimeSpan MaxDuration = TimeSpan.FromMinutes(30);

    public static async Task StreamAsync(string runId, HttpContext http, RunsReader reader, ILoggerFactory loggers, CancellationToken ct)
    {
        var first = await reader.RunAsync(runId, ct);
        if (first is null)
        {
            await TypedResults.Problem(Validation.Problems.NotFound("run", runId)).ExecuteAsync(http);
            return;
        }
        var response = http.Response;
        response.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-cache";
        response.Headers["X-Accel-Buffering"] = "no";
        await using var renderer = new HtmlRenderer(http.RequestServices, loggers);
        var started = DateTime.UtcNow;
        var lastSent = DateTime.UtcNow;
        string? fingerprint = null;
        var view = first;
        while (!ct.IsCancellationRequested && DateTime.UtcNow - started < MaxDuration)
        {
            if (view.Fingerprint != fingerprint)
            {
                fingerprint = view.Fingerprint;
                var html = await renderer.Dispatcher.InvokeAsync(async () =>
                    (await renderer.RenderComponentAsync<RunProgressPanel>(ParameterView.FromDictionary(
                        new Dictionary<string, object?> { [nameof(RunProgressPanel.View)] = view }))).ToHtmlString());
                var data = JsonSerializer.Serialize(new { state = view.Run.State.ToString().ToLowerInvariant(), html });
                await response.WriteAsync($"event: progress\ndata: {data}\n\n", ct);
                await response.Body.FlushAsync(ct);
                lastSent = DateTime.UtcNow;
            }
            if (view.Run.State != Domain.Runs.RunState.Running)
            {
                await response.WriteAsync("event: end\ndata: {}\n\n", ct);
                await response.Body.FlushAsync(ct);
                return;
            }
            if (DateTime.UtcNow - lastSent > Heartbeat)
            {
                await response.WriteAsync(": heartbeat\n\n", ct);
                await response.Body.FlushAsync(ct);
                lastSent = DateTime.UtcNow;
            }
            await Task.Delay(Interval, ct);
            view = await reader.RunAsync(runId, ct) ?? view;
        }
    }
}
