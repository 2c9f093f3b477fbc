using FluentValidation;
using Hangfire;
using Hangfire.PostgreSql;
using Lineage.Api.Audits;
using Lineage.Api.Diffs;
using Lineage.Api.Examples;
using Lineage.Api.Forks;
using Lineage.Api.Validation;
using Lineage.Api.Messaging;
using Lineage.Api.Pipelines;
using Lineage.Api.Runs;
using Lineage.Api.Security;
using Lineage.Api.Security.Keys;
using Lineage.Api.Diversity;
using Lineage.Api.Schedules;
using Lineage.Api.Teachers;
using Lineage.Api.Stages.Filtering;
using Lineage.Api.Versions;
using Scalar.AspNetCore;

namespace Lineage.Api.Hosting;

/// <summary>Composes the Lineage process: the same host serves HTTP, runs workers and backs the CLI verbs.</summary>
public static class LineageHost
{
    public static WebApplication Build(string[] args, Action<LineageOptions>? configure = null, Action<WebApplicationBuilder>? builderHook = null)
    {
        var builder = WebApplication.CreateBuilder(args);
        builderHook?.Invoke(builder);
        var options = builder.Configuration.GetSection(LineageOptions.Section).Get<LineageOptions>() ?? new LineageOptions();
        configure?.Invoke(options);
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddProblemDetails();
        builder.Services.AddOpenApi();
        // Problem details name fields as clients send them (camelCase JSON), e.g. "config.batchSize".
        ValidatorOptions.Global.PropertyNameResolver = FieldNames.Resolve;
        ValidatorOptions.Global.DisplayNameResolver = FieldNames.Display;
        builder.Services.Configure<Microsoft.AspNetCore.Routing.RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        builder.Services.AddExceptionHandler<BadRequestHandler>();
        builder.Services.AddValidatorsFromAssemblyContaining<StartRunRequestValidator>(ServiceLifetime.Singleton);
        builder.Services.AddSingleton<RunLauncher>();
        builder.Services.AddSingleton<VersionRebuilder>();
        builder.Services.AddSingleton<VersionExporter>();
        builder.Services.AddSingleton<Lineage.Api.Exports.VersionExports>();
        builder.Services.AddSingleton<Lineage.Api.Diversity.DiversityReporter>();
        builder.Services.AddSingleton<Lineage.Api.Diversity.PoolReclustering>();
        builder.Services.AddSingleton<Lineage.Api.Diversity.PoolDiversity>();
        builder.Services.AddSingleton<RuleFactory>();
        builder.Services.AddAudits().AddDiffs().AddForks();
        builder.Services.AddScoped<ScheduledJobs>();
        builder.Services.AddLineageMarten(options);
        builder.Services.AddLineageMessaging(options);
        builder.Services.AddTeachers(options);
        builder.Services.AddLineageSecurity(builder.Configuration);
        builder.Services.AddHangfire(h => h
            .UseRecommendedSerializerSettings()
            .UsePostgreSqlStorage(p => p.UseNpgsqlConnection(options.Postgres), new PostgreSqlStorageOptions
            {
                SchemaName = options.Schema + "_hangfire",
                PrepareSchemaIfNecessary = true,
            }));
        if (options.Schedules) builder.Services.AddHangfireServer(s => s.WorkerCount = 2);

        var app = builder.Build();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseLineageSecurity();
        app.MapHealthEndpoint();
        // A worker serves no API: a stage consumer has no business answering HTTP beyond a health probe.
        if (!options.Api) return app;
        app.MapOpenApi();
        app.MapScalarApiReference();
        app.MapGet("/", () => Results.Redirect("/scalar/v1")).ExcludeFromDescription();
        if (options.Schedules) app.UseHangfireDashboard("/hangfire", Security.Access.DashboardAuthorization.Options());
        app.MapKeyEndpoints();
        app.MapPipelineEndpoints();
        app.MapRunEndpoints();
        app.MapExampleEndpoints();
        app.MapVersionEndpoints();
        app.MapAuditEndpoints();
        app.MapDiffEndpoints();
        app.MapForkEndpoints();
        app.MapScheduleEndpoints();
        app.MapPoolEndpoints();
        app.MapTeacherEndpoints();
        return app;
    }
}
