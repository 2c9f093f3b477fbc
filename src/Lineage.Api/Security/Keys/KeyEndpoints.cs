using FluentValidation;
using Lineage.Api.Security.Access;
using Lineage.Api.Validation;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Lineage.Api.Security.Keys;

public sealed record CreateKeyRequest(string Name, string Role);

public sealed class CreateKeyRequestValidator : AbstractValidator<CreateKeyRequest>
{
    public CreateKeyRequestValidator()
    {
        RuleFor(r => r.Name).NotEmpty().Must(ApiKeyStore.IsValidName)
            .WithMessage("'Name' must be lower-case letters, digits and dashes (at most 64).");
        RuleFor(r => r.Role).Must(r => LineageRoles.TryParse(r, out _))
            .WithMessage($"'Role' must be one of {string.Join(", ", LineageRoles.Names)}.");
    }
}

/// <summary><c>/keys</c>: the same operations as <c>lineage keys</c>, for admins only.</summary>
public static class KeyEndpoints
{
    public static void MapKeyEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/keys").WithTags("Keys").RequireRole(LineageRole.Admin);
        group.MapGet("/", async (ApiKeyStore keys, CancellationToken ct) => TypedResults.Ok(await keys.ListAsync(ct)));
        group.MapPost("/", Create).Validated<CreateKeyRequest>();
        group.MapDelete("/{name}", Revoke);
    }

    private static async Task<Results<Created<IssuedApiKey>, ProblemHttpResult>> Create(CreateKeyRequest request, ApiKeyStore keys, CancellationToken ct)
    {
        LineageRoles.TryParse(request.Role, out var role);
        return await keys.IssueAsync(request.Name, role, ct) is { } issued
            ? TypedResults.Created($"/keys/{issued.Name}", issued)
            : TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Key name taken",
                detail: $"a key named '{request.Name}' exists or existed; names are never reused");
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> Revoke(string name, ApiKeyStore keys, CancellationToken ct) =>
        await keys.RevokeAsync(name, ct) switch
        {
            RevokeOutcome.NotFound => TypedResults.Problem(Problems.NotFound("key", name)),
            _ => TypedResults.NoContent(),
        };
}
