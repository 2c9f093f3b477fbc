using System.Security.Claims;
using System.Text.Encodings.Web;
using Lineage.Api.Explorer.Access;
using Lineage.Explorer.Tests.Browser;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Lineage.Explorer.Tests.Access;

/// <summary>
/// A stand-in for the API's own key authentication (being built elsewhere): an ordinary ASP.NET Core handler for the
/// <c>X-Api-Key</c> header and a <c>reader</c> role policy. It is what the Explorer must plug into: the specs using it
/// prove the cookie, the header and the refusals work with standard authentication, whoever writes the handler.
/// </summary>
public sealed class StandInApiKeyHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";
    public const string ReaderKey = "reader-key-0123456789";
    public const string OperatorWithoutReaderKey = "no-reader-key-0123456789";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!Request.Headers.TryGetValue(ExplorerAccess.ApiKeyHeader, out var key)) return Task.FromResult(AuthenticateResult.NoResult());
        string[]? roles = key.ToString() switch
        {
            ReaderKey => ["reader"],
            OperatorWithoutReaderKey => ["operator-without-read"],
            _ => null,
        };
        if (roles is null) return Task.FromResult(AuthenticateResult.Fail("unknown API key"));
        var identity = new ClaimsIdentity([new Claim(ClaimTypes.Name, "key"), .. roles.Select(r => new Claim(ClaimTypes.Role, r))], SchemeName);
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName)));
    }
}

/// <summary>The Explorer host with the stand-in authentication and a <c>reader</c> policy registered.</summary>
public sealed class ExplorerAuthFixture() : ExplorerFixture("explorer_auth")
{
    protected override void ConfigureHost(WebApplicationBuilder builder)
    {
        base.ConfigureHost(builder);
        builder.Services.AddAuthentication(StandInApiKeyHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, StandInApiKeyHandler>(StandInApiKeyHandler.SchemeName, null);
        builder.Services.AddAuthorization(o => o.AddPolicy(ExplorerAccess.ReaderPolicy, p => p.RequireRole("reader")));
    }
}
