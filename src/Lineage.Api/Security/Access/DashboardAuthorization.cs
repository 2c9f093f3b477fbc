using Hangfire;
using Hangfire.Dashboard;

namespace Lineage.Api.Security.Access;

/// <summary>
/// The Hangfire dashboard is for admins, judged on the same identity as the API (the request has been through
/// Lineage's authentication). It replaces Hangfire's local-requests filter, which a same-host reverse proxy defeats.
/// </summary>
public sealed class DashboardAuthorization : IDashboardAuthorizationFilter
{
    public bool Authorize(DashboardContext context) =>
        LineageRoles.Highest(context.GetHttpContext().User) is LineageRole.Admin;

    public static DashboardOptions Options() => new() { Authorization = [new DashboardAuthorization()] };
}
