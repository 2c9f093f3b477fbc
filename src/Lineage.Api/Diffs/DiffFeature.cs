using System.Globalization;
using Lineage.Api.Validation;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Lineage.Api.Diffs;

public sealed record DiffPage(DiffSummary Summary, int Page, int PageSize, int Total, IReadOnlyList<DiffItem> Items);

public static class DiffFeature
{
    public const int MaxPageSize = 1000;

    /// <summary><c>GET /versions/{a}/diff/{b}?page=&amp;pageSize=</c>: the summary and one page of differing examples.</summary>
    public static void MapDiffEndpoints(this IEndpointRouteBuilder app) =>
        app.MapGroup("/versions").WithTags("Versions").MapGet("/{a}/diff/{b}", DiffAsync);

    // page and pageSize arrive as text, so a bad value is answered naming its field rather than as a binding failure.
    private static async Task<Results<Ok<DiffPage>, ProblemHttpResult, ValidationProblem>> DiffAsync(
        string a, string b, string? page, string? pageSize, VersionDiffer differ, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        var p = Whole(page, 1, 1, int.MaxValue, "page", errors);
        var size = Whole(pageSize, 100, 1, MaxPageSize, "pageSize", errors);
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors);
        var diff = await differ.DiffAsync(a, b, ct);
        if (diff is null) return TypedResults.Problem(Problems.NotFound("version", $"{a}' or '{b}"));
        var items = diff.Items.Skip((int)Math.Min(int.MaxValue, ((long)p - 1) * size)).Take(size).ToList();
        return TypedResults.Ok(new DiffPage(diff.Summary, p, size, diff.Items.Count, items));
    }

    private static int Whole(string? value, int fallback, int min, int max, string field, Dictionary<string, string[]> errors)
    {
        if (value is null) return fallback;
        if (int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= min && n <= max) return n;
        errors[field] = [$"'{field}' must be a whole number from {min} to {max}; got '{value}'."];
        return fallback;
    }
}
