using Lineage.Api.EventStore;
using System.Text.RegularExpressions;
using Lineage.Api.Security.Access;
using Lineage.Api.Stages;
using Marten;

namespace Lineage.Api.Security.Keys;

public sealed record IssuedApiKey(string Name, string Role, string Key, DateTimeOffset IssuedAt);

public sealed record ApiKeySummary(string Name, string Role, string KeyId, DateTimeOffset IssuedAt, DateTimeOffset? RevokedAt);

public enum RevokeOutcome
{
    Revoked,
    AlreadyRevoked,
    NotFound,
}

/// <summary>Issues, revokes, lists and verifies API keys; each key is a stream of its own (<c>apikey:{name}</c>).</summary>
public sealed partial class ApiKeyStore(IDocumentStore store, TimeProvider clock)
{
    public const string NamePattern = "^[a-z0-9][a-z0-9-]{0,63}$";

    public static bool IsValidName(string? name) => name is not null && NameRegex().IsMatch(name);

    /// <summary>A new key, shown this once; null when the name is (or was) taken.</summary>
    public async Task<IssuedApiKey?> IssueAsync(string name, LineageRole role, CancellationToken ct)
    {
        if (!IsValidName(name)) throw new ArgumentException($"'{name}' is not a key name: lower-case letters, digits and dashes", nameof(name));
        var (key, keyId) = ApiKeyFormat.Generate();
        var issued = new ApiKeyIssued(name, role.Name(), keyId, ApiKeyFormat.Sha256(key), clock.GetUtcNow());
        await using var session = store.LightweightSession();
        return await StageStreams.StartOnceAsync(session, ApiKeyStreams.Of(name), [issued], ct)
            ? new IssuedApiKey(name, issued.Role, key, issued.IssuedAt)
            : null;
    }

    public async Task<RevokeOutcome> RevokeAsync(string name, CancellationToken ct)
    {
        await using var session = store.LightweightSession();
        var key = await session.LoadAsync<ApiKey>(ApiKeyStreams.Of(name), ct);
        if (key is null) return RevokeOutcome.NotFound;
        if (key.RevokedAt is not null) return RevokeOutcome.AlreadyRevoked;
        session.Events.Append(ApiKeyStreams.Of(name), new ApiKeyRevoked(name, clock.GetUtcNow()));
        await session.SaveChangesAsync(ct);
        return RevokeOutcome.Revoked;
    }

    public async Task<IReadOnlyList<ApiKeySummary>> ListAsync(CancellationToken ct)
    {
        await using var session = store.QuerySession();
        var keys = await session.Query<ApiKey>().OrderBy(k => k.Name).ToListAsync(ct);
        return keys.Select(k => new ApiKeySummary(k.Name, k.Role, k.KeyId, k.IssuedAt, k.RevokedAt)).ToList();
    }

    /// <summary>The live key <paramref name="presented"/> is, or null (malformed, unknown, wrong secret, revoked).</summary>
    public async Task<ApiKey?> VerifyAsync(string presented, CancellationToken ct)
    {
        if (!ApiKeyFormat.TryKeyId(presented, out var keyId)) return null;
        await using var session = store.QuerySession();
        var key = await session.Query<ApiKey>().Where(k => k.KeyId == keyId).FirstOrDefaultAsync(ct);
        if (key is null || key.RevokedAt is not null) return null;
        return ApiKeyFormat.SameDigest(key.KeySha256, ApiKeyFormat.Sha256(presented)) ? key : null;
    }

    [GeneratedRegex(NamePattern)]
    private static partial Regex NameRegex();
}
