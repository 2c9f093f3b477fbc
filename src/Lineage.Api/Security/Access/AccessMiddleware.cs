using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;

namespace Lineage.Api.Security.Access;

/// <summary>
/// Authorizes every request against <see cref="AccessRules"/> with ASP.NET Core's authorization service: a
/// caller without credentials is challenged (401), one whose role is too low is forbidden (403). Runs after
/// authentication and before any endpoint or dashboard, so a refused request reaches nothing that could append.
/// </summary>
public sealed class AccessMiddleware(RequestDelegate next, IAuthorizationService authorization)
{
    public async Task InvokeAsync(HttpContext http)
    {
        if (AccessRules.Required(http) is not { } role)
        {
            await next(http);
            return;
        }
        var result = await authorization.AuthorizeAsync(http.User, http, LineagePolicies.For(role));
        if (result.Succeeded)
        {
            await next(http);
            return;
        }
        if (http.User.Identity?.IsAuthenticated == true) await http.ForbidAsync();
        else await http.ChallengeAsync();
    }
}
