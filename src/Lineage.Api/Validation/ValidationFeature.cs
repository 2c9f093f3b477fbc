using FluentValidation;

namespace Lineage.Api.Validation;

public static class ValidationFeature
{
    /// <summary>RFC 9457 problem details for bad input, naming each field as clients send it (camelCase JSON paths).</summary>
    public static IServiceCollection AddValidation(this IServiceCollection services)
    {
        services.AddProblemDetails();
        // Problem details name fields as clients send them (camelCase JSON), e.g. "config.batchSize".
        ValidatorOptions.Global.PropertyNameResolver = FieldNames.Resolve;
        ValidatorOptions.Global.DisplayNameResolver = FieldNames.Display;
        services.Configure<Microsoft.AspNetCore.Routing.RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        services.AddExceptionHandler<BadRequestHandler>();
        services.AddValidatorsFromAssemblyContaining<PipelineConfigValidator>(ServiceLifetime.Singleton);
        return services;
    }
}
