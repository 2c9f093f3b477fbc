using Lineage.Api.Diffs;
using Lineage.Api.Forks;

namespace Lineage.Api.Audits;

/// <summary>
/// Tools over sealed versions: the audit that re-derives a version stage by stage, the example-level diff of two
/// versions, and what-if forks. One feature, because all three read a version's log the same way (<c>VersionLog</c>)
/// and re-run the stages' own pure steps.
/// </summary>
public static class AuditsFeature
{
    public static IServiceCollection AddAudits(this IServiceCollection services) => services
        .AddSingleton<VersionAuditor>()
        .AddSingleton<VersionDiffer>()
        .AddSingleton<VersionForker>();

    /// <summary>
    /// <c>POST /versions/{id}/audit</c> and <c>POST /versions/{id}/forks</c> append, so they need operator (by their
    /// method, <see cref="Security.Access.AccessRules"/>); <c>GET /versions/{a}/diff/{b}</c> only reads: reader.
    /// </summary>
    public static void MapAudits(this IEndpointRouteBuilder app)
    {
        app.MapAuditEndpoints();
        app.MapDiffEndpoints();
        app.MapForkEndpoints();
    }
}
