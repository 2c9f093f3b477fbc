using Lineage.Api.Validation;
using Lineage.Domain.Versions;
using Marten;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Lineage.Api.Versions;

public static class VersionEndpoints
{
    public static void MapVersionEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/versions").WithTags("Versions");
        group.MapGet("/{id}", Get);
        group.MapPost("/{id}/rebuild", Rebuild);
        group.MapGet("/{id}/diversity", Diversity);
        group.MapGet("/{id}/export", Exports.VersionExportEndpoint.HandleAsync)
            .Produces(200, contentType: "application/x-ndjson")
            .Produces(200, contentType: "application/vnd.apache.parquet")
            .Produces(200, contentType: "application/x-tar")
            .Produces(200, contentType: "application/zip")
            .ProducesValidationProblem();
    }

    private static async Task<Results<Ok<VersionSealed>, ProblemHttpResult>> Get(string id, IQuerySession session, CancellationToken ct) =>
        await session.LoadAsync<DatasetVersion>(id, ct) is { } v ? TypedResults.Ok(v.Sealed) : TypedResults.Problem(Problems.NotFound("version", id));

    private static async Task<Results<Ok<RebuildResult>, ProblemHttpResult>> Rebuild(string id, VersionRebuilder rebuilder, CancellationToken ct) =>
        await rebuilder.RebuildAsync(id, ct) is { } r ? TypedResults.Ok(r) : TypedResults.Problem(Problems.NotFound("version", id));

    private static async Task<Results<Ok<Lineage.Api.Diversity.DiversityReport>, ProblemHttpResult>> Diversity(
        string id, Lineage.Api.Diversity.VersionDiversity diversity, CancellationToken ct) =>
        await diversity.GetAsync(id, ct) is { } r ? TypedResults.Ok(r) : TypedResults.Problem(Problems.NotFound("version", id));
}
