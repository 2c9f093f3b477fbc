using FluentValidation;
using Lineage.Api.Validation;
using Lineage.Domain.Pipelines;
using Lineage.Domain.Runs;
using Marten;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Lineage.Api.Pipelines;

/// <summary>A pipeline to define; a config naming a recipe (<c>"recipe": "prismatic"</c>) is resolved against it here, so what is stored is concrete.</summary>
public sealed record DefinePipelineRequest(string Name,
    [property: System.Text.Json.Serialization.JsonConverter(typeof(RecipeResolvingConverter))] PipelineConfig Config);

public sealed class DefinePipelineRequestValidator : AbstractValidator<DefinePipelineRequest>
{
    public DefinePipelineRequestValidator(Security.Inputs.PipelineSandboxValidator sandbox)
    {
        RuleFor(r => r.Name).NotEmpty().MaximumLength(100).Matches("^[a-z0-9][a-z0-9-]*$")
            .WithMessage("'Name' must be lower-case letters, digits and dashes.");
        RuleFor(r => r.Config).NotNull().SetValidator(new PipelineConfigValidator());
        RuleFor(r => r.Config).SetValidator(sandbox).When(r => r.Config is not null);
    }
}

public static class PipelineEndpoints
{
    public static void MapPipelineEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/pipelines").WithTags("Pipelines");
        group.MapPut("/", Define).Validated<DefinePipelineRequest>();
        group.MapPost("/", Define).Validated<DefinePipelineRequest>();
        group.MapGet("/{name}", Get);
    }

    private static async Task<Ok<PipelineDefinition>> Define(DefinePipelineRequest request, Runs.RunLauncher launcher, IQuerySession session, CancellationToken ct)
    {
        await launcher.DefineAsync(request.Name, request.Config, ct);
        return TypedResults.Ok((await session.LoadAsync<PipelineDefinition>(RunIds.Streams.Pipeline(request.Name), ct))!);
    }

    private static async Task<Results<Ok<PipelineDefinition>, ProblemHttpResult>> Get(string name, IQuerySession session, CancellationToken ct) =>
        await session.LoadAsync<PipelineDefinition>(RunIds.Streams.Pipeline(name), ct) is { } p
            ? TypedResults.Ok(p)
            : TypedResults.Problem(Problems.NotFound("pipeline", name));
}
