using Hangfire;
using Hangfire.PostgreSql;
using Lineage.Api.Options;

namespace Lineage.Api.Schedules;

public static class SchedulesFeature
{
    /// <summary>Hangfire on PostgreSQL (schema <c>{schema}_hangfire</c>); a server only where schedules are on.</summary>
    public static IServiceCollection AddSchedules(this IServiceCollection services, LineageOptions options)
    {
        services.AddScoped<ScheduledJobs>();
        services.AddHangfire(h => h
            .UseRecommendedSerializerSettings()
            .UsePostgreSqlStorage(p => p.UseNpgsqlConnection(options.Postgres), new PostgreSqlStorageOptions
            {
                SchemaName = options.Schema + "_hangfire",
                PrepareSchemaIfNecessary = true,
            }));
        if (options.Schedules) services.AddHangfireServer(s => s.WorkerCount = 2);
        return services;
    }

    /// <summary>The schedule endpoints, and the dashboard (admins only) where schedules are on.</summary>
    public static WebApplication MapSchedules(this WebApplication app, LineageOptions options)
    {
        if (options.Schedules) app.UseHangfireDashboard("/hangfire", Security.Access.DashboardAuthorization.Options());
        app.MapScheduleEndpoints();
        return app;
    }
}
