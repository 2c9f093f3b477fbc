using Microsoft.Net.Http.Headers;

namespace Lineage.Api.Security.Access;

/// <summary>
/// Every POST, PUT and PATCH must say <c>Content-Type: application/json</c> (or a <c>+json</c> type), even with no
/// body: a browser sends a cross-site form or a bodyless fetch as a "simple request" without asking first, and a
/// JSON content type is what makes it ask (a CORS preflight this host never grants). DELETE is never simple, so
/// it is not checked. The dashboard posts its own forms and checks Hangfire's antiforgery token instead; a public
/// endpoint (the Explorer's login form, which grants nothing) is not checked either.
/// </summary>
public sealed class JsonContentTypeMiddleware(RequestDelegate next)
{
    public async Task InvokeAsync(HttpContext http)
    {
        var method = http.Request.Method;
        var checkedMethod = HttpMethods.IsPost(method) || HttpMethods.IsPut(method) || HttpMethods.IsPatch(method);
        // A public endpoint (the Explorer's login form) grants nothing a cross-site post could abuse.
        var isPublic = http.GetEndpoint()?.Metadata.GetMetadata<PublicEndpoint>() is not null;
        if (!checkedMethod || isPublic || AccessRules.AdminPaths.Any(p => http.Request.Path.StartsWithSegments(p.Prefix)) || IsJson(http.Request.ContentType))
        {
            await next(http);
            return;
        }
        await TypedResults.Problem(
            statusCode: StatusCodes.Status415UnsupportedMediaType,
            title: "Unsupported media type",
            detail: $"{method} requests must send Content-Type: application/json, also when they carry no body",
            extensions: new Dictionary<string, object?> { ["header"] = "Content-Type" }).ExecuteAsync(http);
    }

    public static bool IsJson(string? contentType)
    {
        if (!MediaTypeHeaderValue.TryParse(contentType, out var parsed) || parsed.MediaType.Value is not { } media) return false;
        return media.Equals("application/json", StringComparison.OrdinalIgnoreCase)
               || (media.StartsWith("application/", StringComparison.OrdinalIgnoreCase) && media.EndsWith("+json", StringComparison.OrdinalIgnoreCase));
    }
}
