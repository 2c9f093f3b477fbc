using JasperFx.Events.Projections;
using Lineage.Api.Security.Access;
using Lineage.Api.Security.Inputs;
using Lineage.Api.Security.Keys;
using Lineage.Api.Security.Teachers;
using Marten;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authorization;

namespace Lineage.Api.Security;

/// <summary>
/// Who may call the host and what a pipeline may reach: API keys (and optionally OIDC bearer tokens) with three
/// roles, the input roots, and the teacher allow-list. See docs/security.md.
/// </summary>
public static class SecuritySetup
{
    public static IServiceCollection AddLineageSecurity(this IServiceCollection services, IConfiguration configuration)
    {
        var auth = configuration.GetSection(AuthOptions.Section).Get<AuthOptions>() ?? new AuthOptions();
        services.AddSingleton(auth);
        services.AddSingleton(configuration.GetSection(InputOptions.Section).Get<InputOptions>() ?? new InputOptions());
        services.AddSingleton(configuration.GetSection(TeacherEndpointsOptions.Section).Get<TeacherEndpointsOptions>() ?? new TeacherEndpointsOptions());
        services.AddSingleton<BootstrapAdminKey>();
        services.AddSingleton<ApiKeyStore>();
        services.AddSingleton<InputSandbox>();
        services.AddSingleton<InputHasher>();
        services.AddSingleton<TeacherAllowList>();
        services.AddSingleton<PipelineSandboxValidator>();
        services.AddHostedService<NoAuthStartupGuard>();
        // Hangfire's dashboard validates its antiforgery token on every post once the antiforgery services exist.
        services.AddAntiforgery();
        services.ConfigureMarten(o =>
        {
            o.Events.MapEventType<ApiKeyIssued>(ApiKeyStreams.IssuedEvent);
            o.Events.MapEventType<ApiKeyRevoked>(ApiKeyStreams.RevokedEvent);
            o.Projections.Add<ApiKeyProjection>(ProjectionLifecycle.Inline);
            o.Schema.For<ApiKey>().Index(k => k.KeyId);
        });

        var schemes = services.AddAuthentication(AuthSchemes.Lineage)
            .AddPolicyScheme(AuthSchemes.Lineage, "API key or bearer token", o => o.ForwardDefaultSelector = http => SchemeFor(auth, http))
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(AuthSchemes.ApiKey, null)
            .AddScheme<AuthenticationSchemeOptions, NoAuthenticationHandler>(AuthSchemes.None, null);
        if (auth.Jwt.Enabled)
            schemes.AddJwtBearer(AuthSchemes.Jwt, o =>
            {
                o.Authority = auth.Jwt.Authority;
                o.Audience = auth.Jwt.Audience;
                o.RequireHttpsMetadata = auth.Jwt.RequireHttpsMetadata;
                // Keep the token's own claim names, so the configured role claim is found as written.
                o.MapInboundClaims = false;
                o.TokenValidationParameters.RoleClaimType = auth.Jwt.RoleClaim;
                o.TokenValidationParameters.NameClaimType = "sub";
            });
        services.AddAuthorization(o => o.AddRolePolicies());
        services.AddSingleton<IAuthorizationHandler, RoleRequirementHandler>();
        return services;
    }

    /// <summary>Authentication, then the role every request needs, then the JSON content type every write must say.</summary>
    public static WebApplication UseLineageSecurity(this WebApplication app)
    {
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseMiddleware<AccessMiddleware>();
        app.UseMiddleware<JsonContentTypeMiddleware>();
        return app;
    }

    /// <summary>
    /// None mode: the no-auth handler. Otherwise a bearer token that is a JWT (three dot-separated parts, not a
    /// Lineage key) goes to the JWT handler when one is configured; everything else to the API-key handler.
    /// </summary>
    private static string SchemeFor(AuthOptions auth, HttpContext http)
    {
        if (auth.Mode == AuthMode.None) return AuthSchemes.None;
        if (!auth.Jwt.Enabled || http.Request.Headers.ContainsKey(AuthSchemes.ApiKeyHeader)) return AuthSchemes.ApiKey;
        var token = ApiKeyAuthenticationHandler.PresentedKey(http.Request);
        return token is not null && !token.StartsWith(ApiKeyFormat.Prefix, StringComparison.Ordinal) && token.Count(c => c == '.') == 2
            ? AuthSchemes.Jwt
            : AuthSchemes.ApiKey;
    }
}
