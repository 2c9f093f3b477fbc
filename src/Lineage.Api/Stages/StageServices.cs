using Lineage.Api.Options;
using Lineage.Api.Blobs;
using Lineage.Api.Hosting;
using Lineage.Api.Stages.Clustering;
using Lineage.Api.Stages.Embedding;
using Lineage.Api.Stages.Filtering;
using Lineage.Filters.Clustering.Storage;
using Lineage.Generators.Verification.Grading;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Lineage.Api.Stages;

public static class StageServices
{
    /// <summary>
    /// What the stage consumers share in one process: the compute device, the blob store that
    /// <see cref="BlobOptions.Store"/> names (files under <see cref="LineageOptions.DataDirectory"/>, which every
    /// embed, cluster and filter worker must then see, or PostgreSQL: the events name vectors and centroids by
    /// address there), the one proxy model and the benchmark indexes.
    /// All singletons; none does work until a stage asks.
    /// </summary>
    public static IServiceCollection AddStageServices(this IServiceCollection services, LineageOptions options)
    {
        services.AddSingleton<EventStore.StageWriter>();
        services.AddSingleton<ComputeDevice>();
        services.AddBlobStore(options);
        services.AddSingleton<CentroidStore>();
        services.AddSingleton<EmbeddingVectors>();
        services.AddSingleton<PoolVectors>();
        services.AddSingleton<DefaultProxyStore>();
        services.AddSingleton<ProxyModelHost>();
        services.AddSingleton<BenchmarkIndexes>();
        services.AddSingleton<RoundGVendi>();
        services.AddSingleton<RuleFactory>();
        // The verify stage and the audit ask the same grader; a deployment may register its own first.
        services.TryAddSingleton<IAnswerGrader>(MathAnswerGrader.Instance);
        return services;
    }
}
