namespace Lineage.Api.Explorer.Access;

/// <summary>
/// The first middleware of the pipeline (a startup filter runs before anything the host adds), for Explorer paths only:
/// <list type="number">
/// <item>a request without an <see cref="ExplorerAccess.ApiKeyHeader"/> but with the Explorer's key cookie gets the cookie's
/// value as that header, so the host's API-key authentication accepts it like any API call;</item>
/// <item>a page request (a browser navigation asking for HTML) that authorization refuses (401/403) is sent to the login
/// form instead of an empty error, with the reason, so a person can enter a key. Requests for JSON, fragments and
/// feeds keep their 401/403.</item>
/// </list>
/// The cookie is HttpOnly, SameSite=Strict and scoped to the Explorer's path: other sites cannot make a browser send it,
/// and the API's own endpoints, which write, never receive it.
/// </summary>
public sealed class ExplorerCredentialFilter : IStartupFilter
{
    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.Use(async (context, nextMiddleware) =>
        {
            var request = context.Request;
            if (request.Path.StartsWithSegments(ExplorerSetup.Prefix))
            {
                if (!request.Headers.ContainsKey(ExplorerAccess.ApiKeyHeader)
                    && request.Cookies.TryGetValue(ExplorerAccess.KeyCookie, out var key) && key.Length > 0)
                    request.Headers[ExplorerAccess.ApiKeyHeader] = key;
                if (IsPageNavigation(request)) context.Response.OnStarting(() => RedirectRefusal(context));
            }
            await nextMiddleware(context);
        });
        next(app);
    };

    private static bool IsPageNavigation(HttpRequest request) =>
        HttpMethods.IsGet(request.Method)
        && !request.Path.StartsWithSegments(ExplorerAccess.LoginPath)
        && !request.Path.StartsWithSegments(ExplorerAccess.AssetsPath)
        && request.Headers.Accept.ToString().Contains("text/html", StringComparison.OrdinalIgnoreCase);

    private static Task RedirectRefusal(HttpContext context)
    {
        var response = context.Response;
        if (response.StatusCode is StatusCodes.Status401Unauthorized or StatusCodes.Status403Forbidden)
        {
            var reason = response.StatusCode == StatusCodes.Status401Unauthorized ? "unauthenticated" : "forbidden";
            var back = context.Request.PathBase + context.Request.Path + context.Request.QueryString;
            response.StatusCode = StatusCodes.Status303SeeOther;
            response.Headers.Location = $"{ExplorerAccess.LoginPath}?refused={reason}&returnUrl={Uri.EscapeDataString(back)}";
        }
        return Task.CompletedTask;
    }
}
