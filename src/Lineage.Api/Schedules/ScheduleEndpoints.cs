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

    /// <summary>What Hangfire will accept: Cronos's parser, five fields or six (with seconds), as Hangfire reads them.</summary>
    public static bool BeCron(string? cron)
    {
        if (string.IsNullOrWhiteSpace(cron) || cron.Length > 200) return false;
        var format = cron.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length == 6 ? Cronos.CronFormat.IncludeSeconds : Cronos.CronFormat.Standard;
        return Cronos.CronExpression.TryParse(cron, format, out _);
    }
}

public static class ScheduleEndpoints
{
    public const string MaintenanceJob = "maintenance-rebuild-projections";

    public static void MapScheduleEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/schedules").WithTags("Schedules");
        group.MapPost("/", Create).Validated<ScheduleRequest>();
        group.MapPut("/", Replace).Validated<ScheduleRequest>();
        group.MapDelete("/{name}", Delete);
        app.MapPost("/maintenance/projections/rebuild", (IBackgroundJobClient jobs) =>
            TypedResults.Accepted("/hangfire", new { job = jobs.Enqueue<ScheduledJobs>(j => j.RebuildProjectionsAsync()) }))
            .WithTags("Maintenance").RequireRole(LineageRole.Admin);
    }

    /// <summary>A new schedule; a name that exists is a conflict (409), so a typo cannot silently replace another schedule.</summary>
    private static async Task<Results<Created<ScheduleRequest>, ProblemHttpResult>> Create(
        ScheduleRequest request, IQuerySession session, JobStorage storage, IRecurringJobManager jobs, CancellationToken ct)
    {
        if (Exists(storage, request.Name))
            return TypedResults.Problem(Problems.Conflict("schedule", request.Name,
                $"schedule '{request.Name}' exists; PUT /schedules replaces it, DELETE /schedules/{request.Name} removes it."));
        return await Upsert(request, session, jobs, ct);
    }

    /// <summary>Creates the schedule or replaces the one of that name.</summary>
    private static Task<Results<Created<ScheduleRequest>, ProblemHttpResult>> Replace(
        ScheduleRequest request, IQuerySession session, IRecurringJobManager jobs, CancellationToken ct) => Upsert(request, session, jobs, ct);

    private static async Task<Results<Created<ScheduleRequest>, ProblemHttpResult>> Upsert(
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
        if (!Exists(storage, name)) return TypedResults.Problem(Problems.NotFound("schedule", name));
        jobs.RemoveIfExists(JobId(name));
        return TypedResults.NoContent();
    }

    public static string JobId(string schedule) => $"schedule-{schedule}";

    private static bool Exists(JobStorage storage, string name)
    {
        using var connection = storage.GetConnection();
        return connection.GetAllEntriesFromHash($"recurring-job:{JobId(name)}") is { Count: > 0 };
    }
}
