namespace Lineage.Api.Security.Keys;

/// <summary>A key was issued. Only the SHA-256 of the key is recorded; the key itself is shown once, to its issuer.</summary>
public sealed record ApiKeyIssued(string Name, string Role, string KeyId, string KeySha256, DateTimeOffset IssuedAt);

/// <summary>A key stopped working. Its name is never reused, so the log says unambiguously who held what when.</summary>
public sealed record ApiKeyRevoked(string Name, DateTimeOffset RevokedAt);

public static class ApiKeyStreams
{
    public static string Of(string name) => $"apikey:{name}";

    public const string IssuedEvent = "api_key_issued";
    public const string RevokedEvent = "api_key_revoked";
}
