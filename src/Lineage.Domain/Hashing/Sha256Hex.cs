using System.Security.Cryptography;
using System.Text;

namespace Lineage.Domain.Hashing;

/// <summary>Lower-case hex SHA-256, the one content hash used across Lineage.</summary>
public static class Sha256Hex
{
    public static string Of(string text) => Of(Encoding.UTF8.GetBytes(text));

    public static string Of(ReadOnlySpan<byte> bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));
}
