using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Options;

namespace Lineage.Api.Explorer.Access;

/// <summary>
/// How Explorer requests carry credentials. The API authenticates an <see cref="ApiKeyHeader"/>; a browser cannot add
/// a header to a page navigation, so the login form stores the key in an HttpOnly cookie scoped to the Explorer's path,
/// and <see cref="ExplorerCredentialFilter"/> turns that cookie back into the header before authentication runs. Whatever
/// handler the host uses for API keys then sees an ordinary API request; the Explorer holds no auth logic of its own.
/// </summary>
public static class ExplorerAccess
{
    public const string ApiKeyHeader = "X-Api-Key";
    public const string KeyCookie = "lineage-explorer-key";
    /// <summary>The policy the Explorer group requires once the host defines it (the role <c>reader</c>).</summary>
    public const string ReaderPolicy = "reader";
    public const string LoginPath = ExplorerSetup.Prefix + "/login";
    public const string AssetsPath = ExplorerSetup.Prefix + "/assets";

    /// <summary>Whether the host has authorization with a <see cref="ReaderPolicy"/> policy: then the group requires it.</summary>
    public static bool HostHasReaderPolicy(IServiceProvider services) =>
        services.GetService<IOptions<AuthorizationOptions>>()?.Value.GetPolicy(ReaderPolicy) is not null;

    /// <summary>Only local Explorer addresses are followed after login, so the form cannot redirect anywhere else.</summary>
    public static string SafeReturnUrl(string? returnUrl) =>
        returnUrl is { Length: > 0 } url && url.StartsWith(ExplorerSetup.Prefix + "/", StringComparison.Ordinal)
            && !url.StartsWith("//", StringComparison.Ordinal) && !url.Contains('\\') && !url.StartsWith(LoginPath, StringComparison.Ordinal)
            ? url
            : ExplorerSetup.Prefix + "/runs";
}
