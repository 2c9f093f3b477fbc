using Lineage.Api.Audits;
using Lineage.Api.Examples;
using Lineage.Api.Explorer;
using Lineage.Api.Validation;
using Lineage.Api.Messaging;
using Lineage.Api.OpenLineage;
using Lineage.Api.Pipelines;
using Lineage.Api.Runs;
using Lineage.Api.Security;
using Lineage.Api.Options;
using Lineage.Api.Security.Keys;
using Lineage.Api.Diversity;
using Lineage.Api.Schedules;
using Lineage.Api.Teachers;
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
        builder.Services.AddOpenApi();
        builder.Services.AddValidation();
        builder.Services.AddLineageMarten(options);
        builder.Services.AddLineageMessaging(options);
        builder.Services.AddTeachers(options);
        builder.Services.AddLineageSecurity(builder.Configuration);
        builder.Services.AddRuns();
        builder.Services.AddVersions();
        builder.Services.AddDiversity();
        builder.Services.AddAudits();
        builder.Services.AddSchedules(options);
        builder.Services.AddOpenLineage(builder.Configuration);
        builder.Services.AddExplorer();

        var app = builder.Build();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseLineageSecurity();
        app.UseRequestBodyLimit(options.MaxRequestBytes);
        app.MapHealthEndpoint();
        // A worker serves no API: a stage consumer has no business answering HTTP beyond a health probe.
        if (!options.Api) return app;
        app.MapOpenApi();
        app.MapScalarApiReference();
        app.MapGet("/", () => Results.Redirect("/scalar/v1")).ExcludeFromDescription();
        app.MapKeyEndpoints();
        app.MapPipelineEndpoints();
        app.MapRunEndpoints();
        app.MapExampleEndpoints();
        app.MapVersionEndpoints();
        app.MapAudits();
        app.MapSchedules(options);
        app.MapPoolEndpoints();
        app.MapTeacherEndpoints();
        app.MapExplorer();
        return app;
    }
}
