using Lineage.Api.Validation;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Lineage.Api.Explorer.Examples;

public static class ExamplePageEndpoints
{
    public static void MapExamplePages(this RouteGroupBuilder group)
    {
        group.MapGet("/examples/{id}", async Task<IResult> (string id, ExampleReader reader, CancellationToken ct) =>
            await reader.LoadAsync(id, ct) is { } view
                ? new RazorComponentResult<ExamplePage>(new { View = view })
                : TypedResults.Problem(Problems.NotFound("example", id))).ExcludeFromDescription();
        // The graph and timeline as JSON: what the page shows, for scripts and other clients.
        group.MapGet("/examples/{id}/view.json", async Task<Results<Ok<ExampleViewJson>, ProblemHttpResult>> (string id, ExampleReader reader, CancellationToken ct) =>
            await reader.LoadAsync(id, ct) is { } view
                ? TypedResults.Ok(new ExampleViewJson(view.Example.Id, view.Example.Outcome.ToString().ToLowerInvariant(), view.Example.Rule, view.VersionId, view.Timeline, view.Ancestry))
                : TypedResults.Problem(Problems.NotFound("example", id)));
    }
}

public sealed record ExampleViewJson(string Id, string Outcome, string? Rule, string? VersionId, IReadOnlyList<TimelineStep> Timeline, Ancestry Ancestry);
