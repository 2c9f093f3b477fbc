using Microsoft.AspNetCore.Authorization;

namespace Lineage.Api.Security.Access;

/// <summary>The caller must hold <see cref="Minimum"/> or a role above it.</summary>
public sealed record RoleRequirement(LineageRole Minimum) : IAuthorizationRequirement;

public sealed class RoleRequirementHandler : AuthorizationHandler<RoleRequirement>
{
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, RoleRequirement requirement)
    {
        if (LineageRoles.Highest(context.User) is { } held && held >= requirement.Minimum) context.Succeed(requirement);
        return Task.CompletedTask;
    }
}

/// <summary>One authorization policy per role, named by the role ("reader", "operator", "admin").</summary>
public static class LineagePolicies
{
    public static string For(LineageRole role) => role.Name();

    public static void AddRolePolicies(this AuthorizationOptions options)
    {
        foreach (var role in Enum.GetValues<LineageRole>())
            options.AddPolicy(For(role), p => p.RequireAuthenticatedUser().AddRequirements(new RoleRequirement(role)));
    }
}
