using FluentValidation;
using Lineage.Api.Validation;
using Lineage.Domain.Examples;
using Lineage.Domain.Versions;
using Marten;
using Marten.Pagination;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Lineage.Api.Examples;

public sealed record LineageResponse(string Id, string Outcome, IReadOnlyList<string> Why, ExampleLineage Lineage);

public sealed record ExampleQuery(string? Version, string? Run, string? Decision, string? Rule, int Page = 1, int PageSize = 50);

public sealed record ExamplePage(int Page, int PageSize, long Total, IReadOnlyList<ExampleSummary> Items);

public sealed record ExampleSummary(string Id, string Outcome, string? Rule, int Round, string Problem, string? Answer);

public sealed class ExampleQueryValidator : AbstractValidator<ExampleQuery>
{
    public const long MaxOffset = 100_000_000;

    public ExampleQueryValidator()
    {
        RuleFor(q => q).Must(q => q.Version is not null || q.Run is not null)
            .WithName("version").WithMessage("give 'version' or 'run'.");
        RuleFor(q => q.Decision).Must(d => d is null || Enum.TryParse<Decision>(d, true, out _))
            .WithMessage("'decision' must be pending, kept or dropped.");
        RuleFor(q => q.Page).GreaterThanOrEqualTo(1);
        RuleFor(q => q.PageSize).InclusiveBetween(1, 1000);
        // The offset (page - 1) x pageSize must fit the database's int: past it the query would overflow, not page.
        RuleFor(q => q.Page).Must((q, page) => (long)(page - 1) * Math.Max(1, q.PageSize) <= MaxOffset)
            .WithMessage($"'page' times 'pageSize' may skip at most {MaxOffset:N0} examples.");
    }
}

public static class ExampleEndpoints
{
    public static void MapExampleEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/examples").WithTags("Examples");
        group.MapGet("/{id}/lineage", Why);
        group.MapGet("/", List);
    }

    private static async Task<Results<Ok<LineageResponse>, ProblemHttpResult>> Why(string id, IQuerySession session, CancellationToken ct) =>
        await session.LoadAsync<ExampleLineage>(id, ct) is { } x
            ? TypedResults.Ok(new LineageResponse(x.Id, x.Outcome.ToString().ToLowerInvariant(),
                WhyReport.Lines(x, await WhyReport.ParentAsync(session, x, ct)), x))
            : TypedResults.Problem(Problems.NotFound("example", id));

    private static async Task<Results<Ok<ExamplePage>, ProblemHttpResult, ValidationProblem>> List(
        [AsParameters] ExampleQuery query, IValidator<ExampleQuery> validator, IQuerySession session, CancellationToken ct)
    {
        var validation = await validator.ValidateAsync(query, ct);
        if (!validation.IsValid) return TypedResults.ValidationProblem(validation.ToDictionary());
        var q = session.Query<ExampleLineage>().Where(x => x.RunId == query.Run);
        if (query.Version is not null)
        {
            // A version is exactly its manifest's members, whatever its run holds besides.
            var manifest = await session.LoadAsync<DatasetManifest>(query.Version, ct);
            if (manifest is null) return TypedResults.Problem(Problems.NotFound("version", query.Version));
            var members = manifest.Entries.Select(e => e.ExampleId).ToArray();
            q = session.Query<ExampleLineage>().Where(x => x.Id.IsOneOf(members));
            if (query.Run is not null) q = q.Where(x => x.RunId == query.Run);
        }
        if (query.Decision is not null)
        {
            var decision = Enum.Parse<Decision>(query.Decision, true);
            q = q.Where(x => x.Outcome == decision);
        }
        if (query.Rule is not null) q = q.Where(x => x.Rule == query.Rule);
        var page = await q.OrderBy(x => x.Id).ToPagedListAsync(query.Page, query.PageSize, ct);
        return TypedResults.Ok(new ExamplePage(query.Page, query.PageSize, page.TotalItemCount,
            page.Select(x => new ExampleSummary(x.Id, x.Outcome.ToString().ToLowerInvariant(), x.Rule, x.Round, x.Problem, x.Answer)).ToList()));
    }
}
