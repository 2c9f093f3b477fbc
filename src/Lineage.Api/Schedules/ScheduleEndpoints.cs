using FluentValidation;
using Hangfire;
using Lineage.Api.Security.Access;
using Lineage.Api.Validation;
using Lineage.Domain.Pipelines;
using Lineage.Domain.Runs;
using Marten;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Lineage.Api.Schedules;

/// <summary>
/// A recurring job on a pipeline. <c>Job</c>: <c>run</c> (start a run, the default), <c>recluster</c> (cluster the
/// pipeline's growing pool afresh) or <c>diversity-report</c> (record the newest version's diversity report).
/// </summary>
public sealed record ScheduleRequest(string Name, string Pipeline, string Cron, long Seed = 1, string Job = ScheduleJobs.Run);

public static class ScheduleJobs
{
    public const string Run = "run";
    public const string Recluster = "recluster";
    public const string DiversityReport = "diversity-report";
    public static readonly string[] All = [Run, Recluster, DiversityReport];
}

public sealed class ScheduleRequestValidator : AbstractValidator<ScheduleRequest>
{
    public ScheduleRequestValidator()
    {
        RuleFor(r => r.Name).NotEmpty().Matches("^[a-z0-9][a-z0-9-]*$").WithMessage("'Name' must be lower-case letters, digits and dashes.");
        RuleFor(r => r.Pipeline).NotEmpty();
        RuleFor(r => r.Cron).NotEmpty().Must(BeCron).WithMessage("'Cron' is not a valid cron expression.");
        RuleFor(r => r.Seed).GreaterThanOrEqualTo(0);
        RuleFor(r => r.Job).Must(j => ScheduleJobs.All.Contains(j))
            .WithMessage($"'Job' must be one of: {string.Join(", ", ScheduleJobs.All)}.");
    }

    private static bool BeCron(string cron)
    {
        var fields = cron?.Split(' ', StringSplitOptions.RemoveEmptyEntries) ?? [];
        return fields.Length is 5 or 6 && fields.All(f => f.All(c => char.IsDigit(c) || "*/,-?LW#".Contains(c) || char.IsLetter(c)));
    }
}

public static class ScheduleEndpoints
{
    public const string MaintenanceJob = "maintenance-rebuild-projections";

    public static void MapScheduleEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/schedules").WithTags("Schedules");
        group.MapPost("/", Create).Validated<ScheduleRequest>();
        group.MapDelete("/{name}", Delete);
        app.MapPost("/maintenance/projections/rebuild", (IBackgroundJobClient jobs) =>
            TypedResults.Accepted("/hangfire", new { job = jobs.Enqueue<ScheduledJobs>(j => j.RebuildProjectionsAsync()) }))
            .WithTags("Maintenance").RequireRole(LineageRole.Admin);
    }

    private static async Task<Results<Created<ScheduleRequest>, ProblemHttpResult>> Create(
        ScheduleRequest request, IQuerySession session, IRecurringJobManager jobs, CancellationToken ct)
    {
        if (await session.LoadAsync<PipelineDefinition>(RunIds.Streams.Pipeline(request.Pipeline), ct) is null)
            return TypedResults.Problem(Problems.NotFound("pipeline", request.Pipeline));
        switch (request.Job)
        {
            case ScheduleJobs.Recluster:
                jobs.AddOrUpdate<ScheduledJobs>(JobId(request.Name), j => j.ReclusterPoolAsync(request.Name, request.Pipeline, request.Seed), request.Cron);
                break;
            case ScheduleJobs.DiversityReport:
                jobs.AddOrUpdate<ScheduledJobs>(JobId(request.Name), j => j.ReportDiversityAsync(request.Name, request.Pipeline), request.Cron);
                break;
            default:
                jobs.AddOrUpdate<ScheduledJobs>(JobId(request.Name), j => j.StartRunAsync(request.Name, request.Pipeline, request.Seed), request.Cron);
                break;
        }
        return TypedResults.Created($"/schedules/{request.Name}", request);
    }

    private static Results<NoContent, ProblemHttpResult> Delete(string name, JobStorage storage, IRecurringJobManager jobs)
    {
        using var connection = storage.GetConnection();
        var exists = connection.GetAllEntriesFromHash($"recurring-job:{JobId(name)}") is { Count: > 0 };
        if (!exists) return TypedResults.Problem(Problems.NotFound("schedule", name));
        jobs.RemoveIfExists(JobId(name));
        return TypedResults.NoContent();
    }

    public static string JobId(string schedule) => $"schedule-{schedule}";
}
