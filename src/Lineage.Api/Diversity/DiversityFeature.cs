namespace Lineage.Api.Diversity;

public static class DiversityFeature
{
    /// <summary>Diversity reports of versions and the pipeline's growing pool (reclustering, recorded reports).</summary>
    public static IServiceCollection AddDiversity(this IServiceCollection services) => services
        .AddSingleton<DiversityReporter>()
        .AddSingleton<PoolReclustering>()
        .AddSingleton<PoolDiversity>()
        .AddSingleton<VersionDiversity>();
}
