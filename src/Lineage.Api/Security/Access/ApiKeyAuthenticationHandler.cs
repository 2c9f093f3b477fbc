using System.Security.Claims;
using System.Text.Encodings.Web;
using Lineage.Api.Security.Keys;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace Lineage.Api.Security.Access;

/// <summary>
/// Authenticates <c>X-Api-Key: KEY</c> or <c>Authorization: Bearer KEY</c> against the key store (and the
/// bootstrap admin key). A missing key is "no result", a wrong or revoked one a failure: both are challenged 401.
/// </summary>
public sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder,
    ApiKeyStore keys, BootstrapAdminKey bootstrap)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (PresentedKey(Request) is not { } presented) return AuthenticateResult.NoResult();
        var holder = bootstrap.Matches(presented)
            ? (Name: BootstrapAdminKey.Name, Role: LineageRole.Admin)
            : await keys.VerifyAsync(presented, Context.RequestAborted) is { } key && LineageRoles.TryParse(key.Role, out var role)
                ? (key.Name, role)
                : ((string Name, LineageRole Role)?)null;
        if (holder is not { } h) return AuthenticateResult.Fail("the API key is unknown or revoked");
        var identity = new ClaimsIdentity(
            [new Claim(ClaimTypes.Name, h.Name), new Claim(ClaimTypes.Role, h.Role.Name())],
            Scheme.Name, ClaimTypes.Name, ClaimTypes.Role);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), Scheme.Name));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = $"ApiKey header=\"{AuthSchemes.ApiKeyHeader}\", Bearer";
        return Task.CompletedTask;
    }

    /// <summary>The key from <c>X-Api-Key</c>, else from <c>Authorization: Bearer</c>.</summary>
    public static string? PresentedKey(HttpRequest request)
    {
        if (request.Headers[AuthSchemes.ApiKeyHeader].ToString() is { Length: > 0 } header) return header.Trim();
        var authorization = request.Headers.Authorization.ToString();
        const string bearer = "Bearer ";
        return authorization.StartsWith(bearer, StringComparison.OrdinalIgnoreCase) && authorization.Length > bearer.Length
            ? authorization[bearer.Length..].Trim()
            : null;
    }
}
