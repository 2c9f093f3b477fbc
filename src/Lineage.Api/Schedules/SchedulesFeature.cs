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
        // Hangfire's log provider is process-wide: the host that first resolves Hangfire's services points it at its
        // own logger factory. A host that stops hands it back, so another host in the same process (a test suite, the
        // fault campaign's fleet) does not create its loggers from a disposed factory.
        app.Lifetime.ApplicationStopped.Register(() => Hangfire.Logging.LogProvider.SetCurrentLogProvider(null));
        if (options.Schedules) app.UseHangfireDashboard("/hangfire", Security.Access.DashboardAuthorization.Options());
        app.MapScheduleEndpoints();
        return app;
    }
}
