using System.Security.Claims;

namespace Lineage.Api.Security.Access;

/// <summary>What a caller may do. Each role holds every power of the ones below it: admin ⊃ operator ⊃ reader.</summary>
public enum LineageRole
{
    /// <summary>Reads: runs, examples and their why, versions, exports, diversity, the OpenAPI document.</summary>
    Reader = 1,

    /// <summary>Mutations: define pipelines, start runs, trigger stages, schedules, pool jobs, teacher calls.</summary>
    Operator = 2,

    /// <summary>Maintenance (projection rebuilds), API keys and the Hangfire dashboard.</summary>
    Admin = 3,
}

public static class LineageRoles
{
    public const string Reader = "reader";
    public const string Operator = "operator";
    public const string Admin = "admin";

    public static readonly IReadOnlyList<string> Names = [Reader, Operator, Admin];

    public static string Name(this LineageRole role) => role switch
    {
        LineageRole.Reader => Reader,
        LineageRole.Operator => Operator,
        LineageRole.Admin => Admin,
        _ => throw new ArgumentOutOfRangeException(nameof(role), role, "not a Lineage role"),
    };

    public static bool TryParse(string? name, out LineageRole role)
    {
        (var ok, role) = name?.Trim().ToLowerInvariant() switch
        {
            Reader => (true, LineageRole.Reader),
            Operator => (true, LineageRole.Operator),
            Admin => (true, LineageRole.Admin),
            _ => (false, default),
        };
        return ok;
    }

    /// <summary>
    /// The highest role <paramref name="user"/> holds, from its role claims (an API key's, or a JWT's configured
    /// role claim); null when it holds none.
    /// </summary>
    public static LineageRole? Highest(ClaimsPrincipal user)
    {
        LineageRole? best = null;
        foreach (var identity in user.Identities.Where(i => i.IsAuthenticated))
            foreach (var claim in identity.FindAll(identity.RoleClaimType))
                if (TryParse(claim.Value, out var role) && (best is null || role > best)) best = role;
        return best;
    }
}
