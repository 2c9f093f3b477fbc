namespace Lineage.Api.Security.Access;

/// <summary>How callers prove who they are, bound from <c>Lineage:Auth</c>.</summary>
public sealed class AuthOptions
{
    public const string Section = "Lineage:Auth";

    /// <summary>The environment variable a bootstrap admin key may also come from.</summary>
    public const string BootstrapVariable = "LINEAGE_ADMIN_KEY";

    /// <summary>
    /// <c>ApiKeys</c> (the default: API keys, and JWTs when <see cref="Jwt"/> names an authority) or <c>None</c>:
    /// every request is an admin, allowed only when every address the host binds is loopback.
    /// </summary>
    public AuthMode Mode { get; set; } = AuthMode.ApiKeys;

    /// <summary>
    /// An admin key accepted while it is configured (or set in <c>LINEAGE_ADMIN_KEY</c>), so a fresh deployment can
    /// create its first named keys. Only its SHA-256 is kept; at least 32 characters.
    /// </summary>
    public string? BootstrapAdminKey { get; set; }

    public JwtOptions Jwt { get; set; } = new();
}

public enum AuthMode
{
    ApiKeys,
    None,
}

/// <summary>OpenID Connect bearer tokens: off unless <see cref="Authority"/> is set.</summary>
public sealed class JwtOptions
{
    public string? Authority { get; set; }

    public string? Audience { get; set; }

    /// <summary>The claim whose values name Lineage roles (reader, operator, admin).</summary>
    public string RoleClaim { get; set; } = "roles";

    /// <summary>Whether the authority's metadata must be fetched over HTTPS (turn off only for a local test issuer).</summary>
    public bool RequireHttpsMetadata { get; set; } = true;

    public bool Enabled => !string.IsNullOrWhiteSpace(Authority);
}
