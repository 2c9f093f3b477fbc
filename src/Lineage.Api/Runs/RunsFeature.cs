namespace Lineage.Api.Runs;

public static class RunsFeature
{
    /// <summary>Defining pipelines and starting runs (HTTP, CLI and schedules share the launcher).</summary>
    public static IServiceCollection AddRuns(this IServiceCollection services) => services.AddSingleton<RunLauncher>();
}
