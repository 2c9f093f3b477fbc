using System.Security.Cryptography;

namespace Lineage.Filters.Clustering.Storage;

/// <summary>What a blob address is: 64 lowercase hex digits of a SHA-256. Every store checks addresses the same way.</summary>
public static class BlobAddress
{
    public static bool IsAddress(string value) =>
        value.Length == 64 && value.All(c => c is >= '0' and <= '9' or >= 'a' and <= 'f');

    /// <summary>Throws unless <paramref name="sha256"/> is an address, so it can name neither a path nor a pattern elsewhere.</summary>
    public static string Checked(string sha256) => IsAddress(sha256)
        ? sha256
        : throw new ArgumentException($"'{sha256}' is not a lowercase hex SHA-256 (64 characters 0-9a-f)", nameof(sha256));

    public static string Of(ReadOnlySpan<byte> bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));
}
