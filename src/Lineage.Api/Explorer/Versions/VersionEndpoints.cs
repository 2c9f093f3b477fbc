using Lineage.Api.Diversity;
using Lineage.Api.Validation;
using Lineage.Api.Versions;
using Lineage.Domain.Versions;
using Marten;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Lineage.Api.Explorer.Versions;

public sealed record ExampleCount(long Total);

public static class VersionPageEndpoints
{
    public static void MapVersionPages(this RouteGroupBuilder group)
    {
        group.MapGet("/versions/{id}", Page).ExcludeFromDescription();
        group.MapGet("/versions/{id}/examples", Fragment).ExcludeFromDescription();
        group.MapGet("/versions/{id}/examples.json", Json);
        group.MapGet("/versions/{id}/examples/count", Count);
        group.MapGet("/versions/{id}/diversity", Diversity);
        group.MapGet("/versions/{id}/export", Export).Produces(200, contentType: "application/x-ndjson");
        group.MapGet("/pipelines/{name}/pool", Pool);
    }

    private static async Task<IResult> Page(string id, HttpRequest request, VersionReader reader, CancellationToken ct)
    {
        var (filter, errors) = ExampleFilter.Parse(request.Query);
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors);
        return await reader.LoadAsync(id, filter, ct) is { } view
            ? new RazorComponentResult<VersionPage>(new { View = view })
            : TypedResults.Problem(Problems.NotFound("version", id));
    }

    /// <summary>The examples table alone (filters, rows, pager), for the version page's script to swap in.</summary>
    private static async Task<IResult> Fragment(string id, HttpRequest request, VersionReader reader, CancellationToken ct)
    {
        var (filter, errors) = ExampleFilter.Parse(request.Query);
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors);
        return await reader.LoadAsync(id, filter, ct) is { } view
            ? new RazorComponentResult<ExampleTable>(new Dictionary<string, object?>
            {
                [nameof(ExampleTable.VersionId)] = id,
                [nameof(ExampleTable.Page)] = view.Table,
                [nameof(ExampleTable.Rounds)] = Math.Max(1, view.Run?.Rounds.Count ?? 1),
                [nameof(ExampleTable.Rules)] = view.Rules,
                [nameof(ExampleTable.Generators)] = view.Generators,
            })
            : TypedResults.Problem(Problems.NotFound("version", id));
    }

    /// <summary>
    /// The same page of examples as JSON, with its total counted: the filters the table has that <c>GET /examples</c>
    /// lacks (round, generator, text), and dropped examples too.
    /// </summary>
    private static async Task<Results<Ok<ExampleTablePage>, ProblemHttpResult, ValidationProblem>> Json(
        string id, HttpRequest request, IQuerySession session, ExampleTableQuery table, CancellationToken ct)
    {
        var (filter, errors) = ExampleFilter.Parse(request.Query);
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors);
        var version = await session.LoadAsync<DatasetVersion>(id, ct);
        if (version is null) return TypedResults.Problem(Problems.NotFound("version", id));
        var total = await table.CountAsync(version.Sealed, filter, ct);
        return TypedResults.Ok(await table.PageAsync(version.Sealed, filter, ct) with { Total = total });
    }

    /// <summary>How many examples match a filter: the table asks for it after it is shown, when the version does not say.</summary>
    private static async Task<Results<Ok<ExampleCount>, ProblemHttpResult, ValidationProblem>> Count(
        string id, HttpRequest request, IQuerySession session, ExampleTableQuery table, CancellationToken ct)
    {
        var (filter, errors) = ExampleFilter.Parse(request.Query);
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors);
        var version = await session.LoadAsync<DatasetVersion>(id, ct);
        if (version is null) return TypedResults.Problem(Problems.NotFound("version", id));
        return TypedResults.Ok(new ExampleCount(await table.CountAsync(version.Sealed, filter, ct)));
    }

    private static async Task<Results<Ok<VersionDiversity>, ProblemHttpResult>> Diversity(string id, VersionReader reader, CancellationToken ct) =>
        await reader.DiversityAsync(id, ct) is { } d ? TypedResults.Ok(d) : TypedResults.Problem(Problems.NotFound("version", id));

    private static async Task<Results<Ok<PoolHistory>, ProblemHttpResult>> Pool(string name, VersionReader reader, CancellationToken ct) =>
        await reader.PoolAsync(name, ct) is { } h ? TypedResults.Ok(h) : TypedResults.Problem(Problems.NotFound("pipeline", name));

    /// <summary>The version's JSON Lines under the Explorer's path, so the export link carries the Explorer's credentials.</summary>
    private static async Task Export(string id, HttpContext http, IQuerySession session, VersionExporter exporter, CancellationToken ct)
    {
        if (await session.LoadAsync<DatasetVersion>(id, ct) is null)
        {
            await TypedResults.Problem(Problems.NotFound("version", id)).ExecuteAsync(http);
            return;
        }
        http.Response.ContentType = "application/x-ndjson";
        http.Response.Headers.ContentDisposition = $"attachment; filename=\"{id}.jsonl\"";
        await exporter.ExportAsync(id, http.Response.Body, ct);
    }
}
