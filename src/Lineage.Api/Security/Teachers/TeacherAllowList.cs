namespace Lineage.Api.Security.Teachers;

/// <summary>
/// The configured teacher endpoints, checked once at start (absolute http(s) URLs, unique names). A pipeline's
/// <c>generator.endpoint</c> resolves to one of them by name, or by a URL equal to one's base URL (a trailing
/// slash aside); anything else resolves to nothing, so the host never calls, or sends a key to, a URL a pipeline
/// made up.
/// </summary>
public sealed class TeacherAllowList
{
    private readonly IReadOnlyList<(TeacherEndpoint Endpoint, Uri BaseUrl)> _endpoints;

    public TeacherAllowList(TeacherEndpointsOptions options)
    {
        var endpoints = new List<(TeacherEndpoint, Uri)>();
        foreach (var e in options.Endpoints)
        {
            if (string.IsNullOrWhiteSpace(e.Name))
                throw new InvalidOperationException($"{TeacherEndpointsOptions.Section}:Endpoints: every endpoint needs a name");
            if (!Uri.TryCreate(e.BaseUrl, UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https"))
                throw new InvalidOperationException($"{TeacherEndpointsOptions.Section}:Endpoints '{e.Name}': BaseUrl must be an absolute http(s) URL");
            if (endpoints.Any(x => x.Item1.Name == e.Name))
                throw new InvalidOperationException($"{TeacherEndpointsOptions.Section}:Endpoints: the name '{e.Name}' is used twice");
            endpoints.Add((e, Normalise(url)));
        }
        _endpoints = endpoints;
    }

    public IReadOnlyList<string> Names => _endpoints.Select(e => e.Endpoint.Name).ToList();

    /// <summary>The endpoint <paramref name="nameOrUrl"/> names, or null.</summary>
    public TeacherEndpoint? Find(string? nameOrUrl)
    {
        if (string.IsNullOrWhiteSpace(nameOrUrl)) return null;
        foreach (var (endpoint, _) in _endpoints)
            if (string.Equals(endpoint.Name, nameOrUrl, StringComparison.Ordinal)) return endpoint;
        if (!Uri.TryCreate(nameOrUrl, UriKind.Absolute, out var url)) return null;
        var wanted = Normalise(url);
        foreach (var (endpoint, baseUrl) in _endpoints)
            if (Uri.Compare(baseUrl, wanted, UriComponents.AbsoluteUri, UriFormat.SafeUnescaped, StringComparison.Ordinal) == 0) return endpoint;
        return null;
    }

    /// <summary>The base URL with a trailing slash, so <c>…/v1</c> and <c>…/v1/</c> are one endpoint.</summary>
    public static Uri Normalise(Uri url) => url.AbsoluteUri.EndsWith('/') ? url : new Uri(url.AbsoluteUri + "/");
}
