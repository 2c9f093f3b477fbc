using Marten.Events.Aggregation;

namespace Lineage.Api.Security.Keys;

/// <summary>A key as the authentication handler looks it up (by <see cref="KeyId"/>, the key's public part).</summary>
public sealed class ApiKey
{
    /// <summary>The stream key, <c>apikey:{name}</c>.</summary>
    public string Id { get; set; } = "";

    public string Name { get; set; } = "";

    public string Role { get; set; } = "";

    public string KeyId { get; set; } = "";

    public string KeySha256 { get; set; } = "";

    public DateTimeOffset IssuedAt { get; set; }

    public DateTimeOffset? RevokedAt { get; set; }
}

/// <summary>Inline, so a key works (or stops working) the moment its event commits.</summary>
public sealed class ApiKeyProjection : SingleStreamProjection<ApiKey, string>
{
    public static ApiKey Create(ApiKeyIssued e) => new()
    {
        Name = e.Name, Role = e.Role, KeyId = e.KeyId, KeySha256 = e.KeySha256, IssuedAt = e.IssuedAt,
    };

    public static void Apply(ApiKeyRevoked e, ApiKey key) => key.RevokedAt = e.RevokedAt;
}
