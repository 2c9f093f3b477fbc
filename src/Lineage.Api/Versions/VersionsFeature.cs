using Lineage.Api.Exports;

namespace Lineage.Api.Versions;

public static class VersionsFeature
{
    /// <summary>Reading sealed versions: rebuild from events, JSON Lines, Parquet and Hugging Face exports.</summary>
    public static IServiceCollection AddVersions(this IServiceCollection services) => services
        .AddSingleton<VersionRebuilder>()
        .AddSingleton<VersionExporter>()
        .AddSingleton<VersionExports>();
}
