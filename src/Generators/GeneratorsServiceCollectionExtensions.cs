using Lineage.Generators.Teachers;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Lineage.Generators;

public static class GeneratorsServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="ITeacher"/> as an OpenAI-compatible teacher with the
    /// resilience pipeline, plus a shared <see cref="TeacherUsageMeter"/>. The
    /// procedural generator, prompts and verification are static and need nothing.
    /// </summary>
    public static IServiceCollection AddOpenAiTeacher(this IServiceCollection services, OpenAiTeacherOptions options)
    {
        services.AddSingleton(options);
        services.TryAddSingleton<TeacherUsageMeter>();
        services.TryAddSingleton(TimeProvider.System);
        // Handlers run in the order added: resilience outside, attempt counting and buffering inside it.
        var http = services.AddHttpClient<ITeacher, OpenAiCompatibleTeacher>(client => client.Timeout = Timeout.InfiniteTimeSpan);
        http.AddResilienceHandler("lineage-teacher", (builder, context) =>
            TeacherResilience.Configure(builder, options, context.ServiceProvider.GetRequiredService<TimeProvider>()));
        http.AddHttpMessageHandler(() => new AttemptHandler());
        return services;
    }
}
