using Lineage.Api.EventStore;
using Hangfire;
using Lineage.Api.Schedules;
using Lineage.Api.Stages;
using Lineage.Api.Validation;
using Lineage.Domain.Pipelines;
using Lineage.Domain.Pools;
using Lineage.Domain.Runs;
using Marten;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Lineage.Api.Diversity;
/// <summary>A pipeline's pool over time: its reclusterings and recorded diversity reports, oldest first.</summary>
public sealed record PoolHistory(string Pipeline, IReadOnlyList<PoolReclustered> Reclusterings, IReadOnlyList<DiversityReported> Reports);

public static class PoolEndpoints
{
    public static void MapPoolEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/pipelines/{name}/pool").WithTags("Pools");
        group.MapGet("/", async Task<Results<Ok<PoolHistory>, ProblemHttpResult>> (string name, PoolDiversity pools, CancellationToken ct) =>
            await pools.HistoryAsync(name, ct) is { } history ? TypedResults.Ok(history) : TypedResults.Problem(Problems.NotFound("pipeline", name)));
        group.MapPost("/recluster", (string name, long? seed, IQuerySession session, IBackgroundJobClient jobs, CancellationToken ct) =>
            EnqueueAsync(name, session, ct, () => jobs.Enqueue<ScheduledJobs>(j => j.ReclusterPoolAsync("http", name, seed ?? 1))));
        group.MapPost("/report", (string name, IQuerySession session, IBackgroundJobClient jobs, CancellationToken ct) =>
            EnqueueAsync(name, session, ct, () => jobs.Enqueue<ScheduledJobs>(j => j.ReportDiversityAsync("http", name))));
    }

    private static async Task<Results<Accepted<JobAccepted>, ProblemHttpResult>> EnqueueAsync(
        string name, IQuerySession session, CancellationToken ct, Func<string> enqueue)
    {
        if (await session.LoadAsync<PipelineDefinition>(RunIds.Streams.Pipeline(name), ct) is null)
            return TypedResults.Problem(Problems.NotFound("pipeline", name));
        return TypedResults.Accepted($"/pipelines/{name}/pool", new JobAccepted(enqueue()));
    }
}

public sealed record JobAccepted(string Job);
