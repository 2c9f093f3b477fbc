using System.Security.Cryptography;
using System.Text;
using Lineage.Api.Security.Access;

namespace Lineage.Api.Security.Keys;

/// <summary>
/// The admin key from <c>Lineage:Auth:BootstrapAdminKey</c> or <c>LINEAGE_ADMIN_KEY</c>: hashed when the host starts
/// and only the hash kept in memory. It is never written to the database, so it works exactly as long as it is
/// configured: create named keys with it, then remove it from the environment.
/// </summary>
public sealed class BootstrapAdminKey
{
    public const string Name = "bootstrap-admin";
    public const int MinimumLength = 32;

    private readonly byte[]? _sha256;

    public BootstrapAdminKey(AuthOptions options, IConfiguration configuration)
    {
        var key = options.BootstrapAdminKey is { Length: > 0 } configured ? configured : configuration[AuthOptions.BootstrapVariable];
        if (string.IsNullOrEmpty(key)) return;
        if (key.Trim().Length < MinimumLength)
            throw new InvalidOperationException(
                $"the bootstrap admin key ({AuthOptions.Section}:BootstrapAdminKey or {AuthOptions.BootstrapVariable}) must be at least {MinimumLength} characters; generate one with `openssl rand -hex 32`");
        _sha256 = SHA256.HashData(Encoding.UTF8.GetBytes(key.Trim()));
    }

    public bool Configured => _sha256 is not null;

    public bool Matches(string presented) =>
        _sha256 is not null && CryptographicOperations.FixedTimeEquals(_sha256, SHA256.HashData(Encoding.UTF8.GetBytes(presented)));
}
