using Lineage.Api.Security.Access;

namespace Lineage.Api.Security.Keys;

/// <summary><c>lineage keys create|revoke|list</c>: straight on the store, for whoever can reach the database.</summary>
public static class KeysCommand
{
    public static async Task<int> CreateAsync(ApiKeyStore keys, string name, string role, TextWriter output, TextWriter error)
    {
        if (!ApiKeyStore.IsValidName(name))
        {
            await error.WriteLineAsync($"'{name}' is not a key name: lower-case letters, digits and dashes");
            return 64;
        }
        if (!LineageRoles.TryParse(role, out var parsed))
        {
            await error.WriteLineAsync($"'{role}' is not a role; roles are {string.Join(", ", LineageRoles.Names)}");
            return 64;
        }
        if (await keys.IssueAsync(name, parsed, CancellationToken.None) is not { } issued)
        {
            await error.WriteLineAsync($"a key named '{name}' exists or existed; names are never reused");
            return 1;
        }
        await error.WriteLineAsync($"key '{issued.Name}' ({issued.Role}); it is shown only now, store it:");
        await output.WriteLineAsync(issued.Key);
        return 0;
    }

    public static async Task<int> RevokeAsync(ApiKeyStore keys, string name, TextWriter output, TextWriter error)
    {
        switch (await keys.RevokeAsync(name, CancellationToken.None))
        {
            case RevokeOutcome.NotFound:
                await error.WriteLineAsync($"no key named '{name}'");
                return 2;
            case RevokeOutcome.AlreadyRevoked:
                await output.WriteLineAsync($"key '{name}' was already revoked");
                return 0;
            default:
                await output.WriteLineAsync($"key '{name}' revoked");
                return 0;
        }
    }

    public static async Task<int> ListAsync(ApiKeyStore keys, TextWriter output)
    {
        foreach (var k in await keys.ListAsync(CancellationToken.None))
            await output.WriteLineAsync($"{k.Name,-24} {k.Role,-8} {k.KeyId} issued {k.IssuedAt:u}{(k.RevokedAt is { } r ? $" REVOKED {r:u}" : "")}");
        return 0;
    }
}
