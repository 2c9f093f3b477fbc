using Lineage.Api.Explorer.Access;
using Lineage.Api.Explorer.Assets;
using Lineage.Api.Explorer.Audits;
using Lineage.Api.Explorer.Examples;
using Lineage.Api.Explorer.Runs;
using Lineage.Api.Explorer.Versions;
using Marten;

namespace Lineage.Api.Explorer;

/// <summary>
/// The Explorer: HTML pages (Razor components rendered on the server), a little JavaScript and the JSON they read,
/// all served by the API host under <see cref="Prefix"/> from one route group, so one authorization policy covers
/// every page, fragment, feed and asset (see docs/ui.md).
/// </summary>
public static class ExplorerSetup
{
    public const string Prefix = "/explorer";

    public static IServiceCollection AddExplorer(this IServiceCollection services)
    {
        services.AddRazorComponents();
        services.AddAntiforgery();
        // Runs first in the pipeline, before authentication, whatever order the host adds its middleware in.
        services.AddSingleton<IStartupFilter, ExplorerCredentialFilter>();
        services.ConfigureMarten(ExplorerIndexes.Configure);
        services.AddSingleton<ExplorerAssetStore>();
        services.AddSingleton<RunsReader>();
        services.AddSingleton<VersionReader>();
        services.AddSingleton<ExampleTableQuery>();
        services.AddSingleton<ExampleReader>();
        services.AddExplorerAuditPages();
        return services;
    }

    /// <summary>
    /// Maps every Explorer endpoint into one group and returns it. When the host has registered the
    /// <see cref="ExplorerAccess.ReaderPolicy"/> policy, the group requires it; the login form and the static assets
    /// opt out, since a browser without a key must be able to reach them to get one.
    /// </summary>
    public static RouteGroupBuilder MapExplorer(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup(Prefix).WithTags("Explorer");
        if (ExplorerAccess.HostHasReaderPolicy(app.ServiceProvider)) group.RequireAuthorization(ExplorerAccess.ReaderPolicy);
        group.MapGet("/", () => TypedResults.Redirect($"{Prefix}/runs")).ExcludeFromDescription();
        group.MapExplorerAssets();
        group.MapExplorerLogin();
        group.MapRunPages();
        group.MapVersionPages();
        group.MapExamplePages();
        group.MapAuditPages();
        return group;
    }
}
