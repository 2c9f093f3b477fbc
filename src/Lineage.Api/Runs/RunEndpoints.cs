using FluentValidation;
using Lineage.Api.EventStore;
using Lineage.Api.Messaging;
using Lineage.Api.Validation;
using Lineage.Domain.Messages;
using Lineage.Domain.Runs;
using Lineage.Domain.Stages;
using Marten;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Lineage.Api.Runs;

public sealed record StartRunRequest(string Pipeline, long Seed = 1, string? Label = null, string? ParentVersionId = null);

public sealed record RunAccepted(string RunId, bool Started, string Status);

public sealed record TriggerStageRequest(int? Round = null, int? Batch = null);

public sealed class StartRunRequestValidator : AbstractValidator<StartRunRequest>
{
    public StartRunRequestValidator()
    {
        RuleFor(r => r.Pipeline).NotEmpty();
        RuleFor(r => r.Seed).GreaterThanOrEqualTo(0);
        RuleFor(r => r.Label).MaximumLength(100);
    }
}

public sealed class TriggerStageRequestValidator : AbstractValidator<TriggerStageRequest>
{
    public TriggerStageRequestValidator()
    {
        RuleFor(r => r.Round).GreaterThanOrEqualTo(0);
        RuleFor(r => r.Batch).GreaterThanOrEqualTo(0);
    }
}

public static class RunEndpoints
{
    public static void MapRunEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/runs").WithTags("Runs");
        group.MapPost("/", Start).Validated<StartRunRequest>();
        group.MapGet("/{id}", Get);
        group.MapPost("/{id}/stages/{stage}", Trigger).Validated<TriggerStageRequest>();
    }

    private static async Task<Results<Accepted<RunAccepted>, ProblemHttpResult>> Start(
        StartRunRequest request, RunLauncher launcher, CancellationToken ct)
    {
        var launch = await launcher.StartAsync(request.Pipeline, request.Seed, request.Label, request.ParentVersionId, ct);
        if (launch is null) return TypedResults.Problem(Problems.NotFound("pipeline", request.Pipeline));
        var url = $"/runs/{launch.RunId}";
        return TypedResults.Accepted(url, new RunAccepted(launch.RunId, launch.Started, url));
    }

    private static async Task<Results<Ok<RunStatus>, ProblemHttpResult>> Get(string id, IQuerySession session, CancellationToken ct) =>
        await session.LoadAsync<RunStatus>(id, ct) is { } run ? TypedResults.Ok(run) : TypedResults.Problem(Problems.NotFound("run", id));

    /// <summary>
    /// Sends one stage's command for a run, e.g. to re-drive a batch after fixing a worker. It is held to stage order
    /// here as where it lands (<see cref="StageGuard"/>): out of range is 400 naming the field, an unmet predecessor or
    /// a sealed run 409 naming the condition, and neither sends nor appends anything.
    /// </summary>
    private static async Task<Results<Accepted<object>, ProblemHttpResult, ValidationProblem>> Trigger(
        string id, string stage, TriggerStageRequest request, IQuerySession session, StageDispatcher dispatcher, CancellationToken ct)
    {
        if (!await RunReader.ExistsAsync(session, id, ct)) return TypedResults.Problem(Problems.NotFound("run", id));
        // A fork's id names a run's stream too; it is sealed from the start, so the guard answers 409 run-sealed.
        var (_, config) = await RunReader.StageSubjectAsync(session, id, ct);
        var errors = new Dictionary<string, string[]>();
        var command = StageCommands.Create(stage, id, request.Round, request.Batch, errors);
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors);
        var refusal = StageGuard.Check(command!, config, await StageFactsReader.ReadAsync(session, command!, config, ct));
        switch (refusal?.Condition)
        {
            case null:
                await dispatcher.SendAsync(command!, ct);
                return TypedResults.Accepted($"/runs/{id}", (object)new { runId = id, stage, command });
            case StageConditions.RoundOutOfRange:
                return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["round"] = [refusal.Reason] });
            case StageConditions.BatchOutOfRange:
                return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["batch"] = [refusal.Reason] });
            default:
                return TypedResults.Problem(Problems.Conflict(refusal));
        }
    }
}
