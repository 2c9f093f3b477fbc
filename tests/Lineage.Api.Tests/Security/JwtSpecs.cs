using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using Lineage.Api.Tests.Platform;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Lineage.Api.Tests.Security;

/// <summary>
/// A local OpenID Connect issuer (discovery document and JWKS on a real port, an RSA key of its own) and a host
/// configured with it: tokens it signs carry their role in the <c>roles</c> claim.
/// </summary>
public sealed class JwtFixture() : LineageFixture("jwt"), IAsyncLifetime
{
    public const string Audience = "lineage-api";
    private readonly RSA _rsa = RSA.Create(2048);
    private WebApplication _issuer = null!;

    public string Authority { get; private set; } = "";

    public SecurityKey SigningKey => new RsaSecurityKey(_rsa) { KeyId = "test-key" };

    protected override async Task PrepareAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        _issuer = builder.Build();
        _issuer.MapGet("/.well-known/openid-configuration", () => Results.Json(new { issuer = Authority, jwks_uri = Authority + "/jwks" }));
        _issuer.MapGet("/jwks", () =>
        {
            var jwk = JsonWebKeyConverter.ConvertFromRSASecurityKey(new RsaSecurityKey(_rsa.ExportParameters(false)) { KeyId = "test-key" });
            return Results.Json(new { keys = new[] { new { kty = jwk.Kty, kid = jwk.Kid, use = "sig", alg = "RS256", n = jwk.N, e = jwk.E } } });
        });
        await _issuer.StartAsync();
        Authority = _issuer.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/');
    }

    protected override IEnumerable<KeyValuePair<string, string?>> Settings() =>
    [
        new("Lineage:Auth:Jwt:Authority", Authority),
        new("Lineage:Auth:Jwt:Audience", Audience),
        new("Lineage:Auth:Jwt:RequireHttpsMetadata", "false"),
    ];

    public string Token(string? role, SecurityKey? key = null, string audience = Audience, DateTime? expires = null)
    {
        var claims = new Dictionary<string, object> { ["sub"] = "carol" };
        if (role is not null) claims["roles"] = new[] { role };
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = Authority,
            Audience = audience,
            Claims = claims,
            NotBefore = DateTime.UtcNow.AddMinutes(-10),
            Expires = expires ?? DateTime.UtcNow.AddMinutes(10),
            SigningCredentials = new SigningCredentials(key ?? SigningKey, SecurityAlgorithms.RsaSha256),
        });
    }

    public HttpClient WithToken(string token)
    {
        var client = App.GetTestClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    public new async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await _issuer.StopAsync();
        await _issuer.DisposeAsync();
        _rsa.Dispose();
    }
}

[Trait("Category", "Integration")]
public sealed class JwtSpecs(JwtFixture f) : IClassFixture<JwtFixture>
{
    private static async Task<HttpStatusCode> SendAsync(HttpClient client, string method, string url)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), url)
        {
            Content = method == "GET" ? null : new StringContent("""{"name":"by-token","config":{"batchesPerRound":1,"batchSize":5}}""", Encoding.UTF8, "application/json"),
        };
        using var response = await client.SendAsync(request);
        return response.StatusCode;
    }

    [Fact]
    public async Task a_token_from_the_authority_carries_its_role()
    {
        using var reader = f.WithToken(f.Token("reader"));
        Assert.Equal(HttpStatusCode.NotFound, await SendAsync(reader, "GET", "/pipelines/none-such"));
        Assert.Equal(HttpStatusCode.Forbidden, await SendAsync(reader, "PUT", "/pipelines"));

        using var operatorClient = f.WithToken(f.Token("operator"));
        Assert.Equal(HttpStatusCode.OK, await SendAsync(operatorClient, "PUT", "/pipelines"));
        Assert.Equal(HttpStatusCode.Forbidden, await SendAsync(operatorClient, "GET", "/keys"));

        using var admin = f.WithToken(f.Token("admin"));
        Assert.Equal(HttpStatusCode.OK, await SendAsync(admin, "GET", "/keys"));

        // API keys keep working beside tokens.
        Assert.Equal(HttpStatusCode.OK, await SendAsync(f.Client, "GET", "/keys"));
    }

    [Fact]
    public async Task a_token_with_no_role_is_forbidden_and_a_forged_expired_or_foreign_one_is_unauthenticated()
    {
        using (var roleless = f.WithToken(f.Token(null))) Assert.Equal(HttpStatusCode.Forbidden, await SendAsync(roleless, "GET", "/pipelines/none-such"));
        using var other = RSA.Create(2048);
        foreach (var token in new[]
                 {
                     f.Token("admin", key: new RsaSecurityKey(other) { KeyId = "test-key" }),
                     f.Token("admin", audience: "someone-else"),
                     f.Token("admin", expires: DateTime.UtcNow.AddMinutes(-6)),
                 })
        {
            using var client = f.WithToken(token);
            Assert.Equal(HttpStatusCode.Unauthorized, await SendAsync(client, "GET", "/pipelines/none-such"));
        }
    }
}
