using Lineage.Api.Diffs;
using Lineage.Api.Explorer.Versions;
using Lineage.Api.Validation;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Lineage.Api.Explorer.Audits;

/// <summary>
/// The audit, diff and fork pages of the Explorer: they read what the audits feature records and computes
/// (<see cref="AuditPageReader"/>, <see cref="VersionDiffer"/>) and never append; auditing and forking stay operator
/// mutations of the API, which the pages show as commands.
/// </summary>
public static class AuditPageEndpoints
{
    /// <summary>The version page's links to these pages (<see cref="ExplorerVersionLink"/>).</summary>
    public static IServiceCollection AddExplorerAuditPages(this IServiceCollection services) => services
        .AddSingleton<AuditPageReader>()
        .AddSingleton(new ExplorerVersionLink("Audit", id => $"{ExplorerSetup.Prefix}/versions/{Uri.EscapeDataString(id)}/audit",
            "The latest recorded audit: each stage's decisions re-derived and compared"))
        .AddSingleton(new ExplorerVersionLink("Diff", id => $"{ExplorerSetup.Prefix}/diff?from={Uri.EscapeDataString(id)}",
            "Compare this version with another, example by example"))
        .AddSingleton(new ExplorerVersionLink("Fork", id => $"{ExplorerSetup.Prefix}/versions/{Uri.EscapeDataString(id)}/fork",
            "How to fork this version with other settings, and its forks"));

    public static void MapAuditPages(this RouteGroupBuilder group)
    {
        group.MapGet("/versions/{id}/audit", AuditAsync).ExcludeFromDescription();
        group.MapGet("/versions/{id}/fork", ForkAsync).ExcludeFromDescription();
        group.MapGet("/diff", DiffAsync).ExcludeFromDescription();
    }

    private static async Task<IResult> AuditAsync(string id, AuditPageReader reader, CancellationToken ct) =>
        await reader.LoadAsync(id, ct) is { } view
            ? new RazorComponentResult<AuditPage>(new { View = view })
            : TypedResults.Problem(Problems.NotFound("version", id));

    private static async Task<IResult> ForkAsync(string id, AuditPageReader reader, CancellationToken ct) =>
        await reader.LoadAsync(id, ct) is { } view
            ? new RazorComponentResult<ForkPage>(new { View = view })
            : TypedResults.Problem(Problems.NotFound("version", id));

    /// <summary>Without <c>to</c>, a form choosing the other version; with both, the diff (the same one <c>GET /versions/{a}/diff/{b}</c> pages).</summary>
    private static async Task<IResult> DiffAsync(string? from, string? to, AuditPageReader reader, [FromServices] VersionDiffer differ, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(from))
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["from"] = ["'from' must name a version to diff from."] });
        if (await reader.SealedAsync(from, ct) is not { } a) return TypedResults.Problem(Problems.NotFound("version", from));
        var candidates = await reader.CandidatesAsync(a, ct);
        if (string.IsNullOrWhiteSpace(to))
            return new RazorComponentResult<VersionDiffPage>(new { From = a, Candidates = candidates, Diff = (VersionDiff?)null });
        var diff = await differ.DiffAsync(from, to, ct);
        return diff is null
            ? TypedResults.Problem(Problems.NotFound("version", to))
            : new RazorComponentResult<VersionDiffPage>(new { From = a, Candidates = candidates, Diff = diff });
    }
}
