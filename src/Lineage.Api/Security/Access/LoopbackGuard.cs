using System.Net;

namespace Lineage.Api.Security.Access;

/// <summary>
/// Whether every address a host is configured to bind is loopback: <c>urls</c> (<c>--urls</c>,
/// <c>ASPNETCORE_URLS</c>), <c>http_ports</c>/<c>https_ports</c> (which bind every interface), and
/// <c>Kestrel:Endpoints:*:Url</c>. With none of them Kestrel binds localhost. Checked before the host starts,
/// so a no-auth host with an open address never listens at all.
/// </summary>
public static class LoopbackGuard
{
    /// <summary>The configured addresses that are not loopback (empty: all are).</summary>
    public static IReadOnlyList<string> NonLoopbackAddresses(IConfiguration configuration)
    {
        var urls = new List<string>();
        if (configuration["urls"] is { Length: > 0 } list)
            urls.AddRange(list.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        foreach (var key in new[] { "http_ports", "https_ports" })
            if (configuration[key] is { Length: > 0 } ports)
                urls.AddRange(ports.Split(';', StringSplitOptions.RemoveEmptyEntries).Select(p => $"*:{p.Trim()}"));
        foreach (var endpoint in configuration.GetSection("Kestrel:Endpoints").GetChildren())
            if (endpoint["Url"] is { Length: > 0 } url) urls.Add(url);
        return urls.Where(u => !IsLoopback(u)).ToList();
    }

    /// <summary>
    /// <c>http://localhost:5000</c>, <c>http://127.0.0.1:0</c>, <c>http://[::1]:80</c> are loopback; <c>*</c>,
    /// <c>+</c>, <c>0.0.0.0</c>, <c>[::]</c>, a host name or a LAN address are not.
    /// </summary>
    public static bool IsLoopback(string url)
    {
        var rest = url.Contains("://", StringComparison.Ordinal) ? url[(url.IndexOf("://", StringComparison.Ordinal) + 3)..] : url;
        var slash = rest.IndexOf('/');
        if (slash >= 0) rest = rest[..slash];
        string host;
        if (rest.StartsWith('['))
        {
            var close = rest.IndexOf(']');
            if (close < 0) return false;
            host = rest[1..close];
        }
        else
        {
            var colon = rest.LastIndexOf(':');
            host = colon >= 0 ? rest[..colon] : rest;
        }
        if (host.Equals("localhost", StringComparison.OrdinalIgnoreCase)) return true;
        return IPAddress.TryParse(host, out var address) && IPAddress.IsLoopback(address);
    }
}
