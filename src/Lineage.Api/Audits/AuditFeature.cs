using Lineage.Api.Validation;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Lineage.Api.Audits;

public static class AuditFeature
{
    /// <summary><c>POST /versions/{id}/audit</c>: runs the audit now and answers its report (clean or not); 404 for an unknown version.</summary>
    public static void MapAuditEndpoints(this IEndpointRouteBuilder app) =>
        app.MapGroup("/versions").WithTags("Versions").MapPost("/{id}/audit", AuditAsync);

    private static async Task<Results<Ok<AuditReport>, ProblemHttpResult>> AuditAsync(string id, VersionAuditor auditor, CancellationToken ct) =>
        await auditor.AuditAsync(id, ct) is { } report ? TypedResults.Ok(report) : TypedResults.Problem(Problems.NotFound("version", id));
}
