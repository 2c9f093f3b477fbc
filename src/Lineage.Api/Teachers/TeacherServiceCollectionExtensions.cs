using Lineage.Api.Options;
using Lineage.Api.Hosting;
using Lineage.Api.Stages.Generation;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Lineage.Api.Teachers;

public static class TeacherServiceCollectionExtensions
{
    /// <summary>
    /// The in-process teacher served at /v1 (configured by <c>Lineage:Teacher</c>) and the <c>openai</c>
    /// candidate source that calls any OpenAI-compatible endpoint, this host's own included.
    /// </summary>
    public static IServiceCollection AddTeachers(this IServiceCollection services, LineageOptions options)
    {
        services.AddOptions<TeacherHostOptions>().BindConfiguration(TeacherHostOptions.Section);
        services.TryAddSingleton<LocalTeacherProvider>();
        // Framework-made errors under /v1 (unknown path, exception) in OpenAI's shape; the rest stay problem details.
        // The problem details service asks its writers in registration order and the default one accepts anything,
        // so this one goes first, whether AddProblemDetails ran before or runs after.
        if (!services.Any(d => d.ImplementationType == typeof(OpenAiProblemDetailsWriter)))
            services.Insert(0, ServiceDescriptor.Singleton<IProblemDetailsWriter, OpenAiProblemDetailsWriter>());
        services.TryAddSingleton<ITeacherClientFactory, TeacherClientFactory>();
        services.TryAddSingleton<IFewShotPool, MartenFewShotPool>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<ICandidateSource, TeacherCandidateSource>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<ICandidateSource, InProcessCandidateSource>());
        return services;
    }
}
