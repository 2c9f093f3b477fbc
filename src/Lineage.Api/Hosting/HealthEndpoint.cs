using Lineage.Api.Security.Access;

namespace Lineage.Api.Hosting;

public static class HealthEndpoint
{
    /// <summary><c>GET /health</c>: "ok" to anyone (a container probe has no key); it says nothing else.</summary>
    public static void MapHealthEndpoint(this IEndpointRouteBuilder app) =>
        app.MapGet("/health", () => TypedResults.Text("ok")).Public().ExcludeFromDescription();
}
