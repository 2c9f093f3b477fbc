using System.Security.Cryptography;
using System.Text;

namespace Lineage.Api.Security.Keys;

/// <summary>
/// A key reads <c>lk_{keyId}_{secret}</c>: 8 random bytes of public id (how the store finds it) and 32 random bytes
/// of secret, both hex. Keys are the one thing in Lineage drawn from the system's CSPRNG rather than a seed: a
/// reproducible secret is no secret. The store keeps SHA-256 of the whole key; with 256 bits of entropy no salt
/// or slow hash is needed.
/// </summary>
public static class ApiKeyFormat
{
    public const string Prefix = "lk_";

    public static (string Key, string KeyId) Generate()
    {
        var id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));
        var secret = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
        return ($"{Prefix}{id}_{secret}", id);
    }

    /// <summary>The key id of a well-formed key; false for anything else (which then matches no stored key).</summary>
    public static bool TryKeyId(string presented, out string keyId)
    {
        keyId = "";
        if (!presented.StartsWith(Prefix, StringComparison.Ordinal)) return false;
        var parts = presented[Prefix.Length..].Split('_');
        if (parts.Length != 2 || parts[0].Length != 16 || parts[1].Length != 64 || !parts.All(IsHex)) return false;
        keyId = parts[0];
        return true;
    }

    public static string Sha256(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));

    /// <summary>Compares two hex digests in time independent of where they differ.</summary>
    public static bool SameDigest(string a, string b) =>
        CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(a), Encoding.ASCII.GetBytes(b));

    private static bool IsHex(string s) => s.All(char.IsAsciiHexDigitLower);
}
