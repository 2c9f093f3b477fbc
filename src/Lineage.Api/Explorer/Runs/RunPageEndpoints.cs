using Lineage.Api.Validation;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Lineage.Api.Explorer.Runs;

public static class RunPageEndpoints
{
    public static void MapRunPages(this RouteGroupBuilder group)
    {
        group.MapGet("/runs", async (RunsReader reader, CancellationToken ct) =>
            new RazorComponentResult<RunsPage>(new { Pipelines = await reader.PipelinesAsync(ct) })).ExcludeFromDescription();
        group.MapGet("/runs/{id}", Page).ExcludeFromDescription();
        group.MapGet("/runs/{id}/live", async (string id, HttpContext http, RunsReader reader, ILoggerFactory loggers) =>
        {
            // The request's own token ends the loop when the browser goes away.
            try
            {
                await RunFeed.StreamAsync(id, http, reader, loggers, http.RequestAborted);
            }
            catch (OperationCanceledException) when (http.RequestAborted.IsCancellationRequested)
            {
                // The page was closed: nothing more to send.
            }
        }).Produces(200, contentType: "text/event-stream");
    }

    private static async Task<IResult> Page(string id, RunsReader reader, CancellationToken ct) =>
        await reader.RunAsync(id, ct) is { } view
            ? new RazorComponentResult<RunPage>(new { View = view })
            : TypedResults.Problem(Problems.NotFound("run", id));
}
