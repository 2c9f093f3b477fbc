using System.Net;
using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace Lineage.Api.Security.Access;

/// <summary>
/// <c>Lineage:Auth:Mode=None</c>: every request is an admin named "local". The host refuses to start unless it
/// binds only loopback addresses (<see cref="LoopbackGuard"/>); this handler also refuses any request that arrived
/// on a non-loopback address, so a listener configured in code, out of the guard's sight, stays closed.
/// </summary>
public sealed class NoAuthenticationHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string Name = "local";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        // No address: an in-memory test server, which no network can reach.
        if (Context.Connection.LocalIpAddress is { } local && !IPAddress.IsLoopback(local))
            return Task.FromResult(AuthenticateResult.Fail($"authentication is off, which only loopback addresses may use; this request came in on {local}"));
        var identity = new ClaimsIdentity(
            [new Claim(ClaimTypes.Name, Name), new Claim(ClaimTypes.Role, LineageRoles.Admin)], Scheme.Name, ClaimTypes.Name, ClaimTypes.Role);
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), Scheme.Name)));
    }
}
