namespace Lineage.Api.Security.Access;

/// <summary>An endpoint that needs more than its HTTP method implies (maintenance, keys).</summary>
public sealed record RequiresRole(LineageRole Role);

/// <summary>An endpoint anyone may call (the health probe). Lineage's own marker, so a library's
/// <c>AllowAnonymous</c> cannot open an endpoint by accident.</summary>
public sealed record PublicEndpoint;

public static class AccessRuleExtensions
{
    public static TBuilder RequireRole<TBuilder>(this TBuilder builder, LineageRole role) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new RequiresRole(role));

    public static TBuilder Public<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new PublicEndpoint());
}

/// <summary>
/// The role a request needs, decided in one place for every request, mapped endpoint or not (the Hangfire
/// dashboard is middleware, and an unknown path must not answer differently to a stranger than a 401):
/// reads need reader, anything else operator, and an endpoint or path marked admin needs admin.
/// </summary>
public static class AccessRules
{
    /// <summary>Paths served by middleware rather than endpoints, with the role they need.</summary>
    public static readonly IReadOnlyList<(PathString Prefix, LineageRole Role)> AdminPaths = [("/hangfire", LineageRole.Admin)];

    public static bool IsRead(string method) =>
        HttpMethods.IsGet(method) || HttpMethods.IsHead(method) || HttpMethods.IsOptions(method);

    /// <summary>The role <paramref name="http"/> needs, or null for a public endpoint.</summary>
    public static LineageRole? Required(HttpContext http)
    {
        var endpoint = http.GetEndpoint();
        if (endpoint?.Metadata.GetMetadata<PublicEndpoint>() is not null) return null;
        var role = IsRead(http.Request.Method) ? LineageRole.Reader : LineageRole.Operator;
        foreach (var marked in endpoint?.Metadata.GetOrderedMetadata<RequiresRole>() ?? [])
            if (marked.Role > role) role = marked.Role;
        foreach (var (prefix, pathRole) in AdminPaths)
            if (http.Request.Path.StartsWithSegments(prefix) && pathRole > role) role = pathRole;
        return role;
    }
}
