using Lineage.Api.Hosting;
using Lineage.Api.Stages;
using Lineage.Api.Stages.Clustering;
using Lineage.Api.Stages.Embedding;
using Lineage.Api.Stages.Failures;
using Lineage.Api.Stages.Filtering;
using Lineage.Api.Stages.Generation;
using Lineage.Api.Stages.Rounds;
using Lineage.Api.Stages.Sealing;
using Lineage.Api.Stages.Seeds;
using Lineage.Api.Stages.Verification;
using MassTransit;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Lineage.Api.Messaging;

public static class MessagingSetup
{
    /// <param name="Prefetch">Unacknowledged messages a worker holds; 1 for device stages, so a busy GPU worker
    /// does not sit on batches an idle one could take.</param>
    private sealed record Stage(string Name, Type Consumer, Type Definition, int Prefetch = 4);

    private static readonly Stage[] Stages =
    [
        new("seeds", typeof(ImportSeedsConsumer), typeof(StageConsumerDefinition<ImportSeedsConsumer>)),
        new("round", typeof(StartRoundConsumer), typeof(StageConsumerDefinition<StartRoundConsumer>)),
        new("generate", typeof(GenerateCandidatesConsumer), typeof(StageConsumerDefinition<GenerateCandidatesConsumer>)),
        new("verify", typeof(VerifyBatchConsumer), typeof(StageConsumerDefinition<VerifyBatchConsumer>)),
        new("embed", typeof(EmbedBatchConsumer), typeof(DeviceStageConsumerDefinition<EmbedBatchConsumer>), Prefetch: 1),
        new("cluster", typeof(ClusterPoolConsumer), typeof(DeviceStageConsumerDefinition<ClusterPoolConsumer>), Prefetch: 1),
        new("filter", typeof(FilterBatchConsumer), typeof(StageConsumerDefinition<FilterBatchConsumer>)),
        new("seal", typeof(SealVersionConsumer), typeof(StageConsumerDefinition<SealVersionConsumer>)),
    ];

    /// <summary>Which stages this process consumes, from <see cref="LineageOptions.Stages"/>.</summary>
    public static IReadOnlySet<string> SelectedStages(LineageOptions options)
    {
        var chosen = options.Stages.SelectMany(s => s.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            .Select(s => s.ToLowerInvariant()).ToHashSet();
        if (chosen.Contains("all")) return StageQueues.AllStages.ToHashSet();
        chosen.Remove("none");
        var unknown = chosen.Except(StageQueues.AllStages).ToList();
        if (unknown.Count > 0)
            throw new ArgumentException($"Lineage:Stages names unknown stage(s) {string.Join(", ", unknown)}; known: all, none, {string.Join(", ", StageQueues.AllStages)}");
        return chosen;
    }

    /// <summary>
    /// MassTransit over RabbitMQ. Each selected stage gets its own queue (<c>{prefix}-{stage}</c>), so
    /// several workers consuming the same stage compete for its messages.
    /// </summary>
    public static IServiceCollection AddLineageMessaging(this IServiceCollection services, LineageOptions options)
    {
        var queues = new StageQueues(options.RabbitMq.QueuePrefix);
        services.AddSingleton(queues);
        services.AddSingleton<StageDispatcher>();
        services.AddStageServices(options);
        services.TryAddSingleton<IFewShotPool, MartenFewShotPool>();
        services.AddSingleton<ICandidateSource, ProceduralCandidateSource>();
        var selected = SelectedStages(options);
        var stages = Stages.Where(s => selected.Contains(s.Name)).ToList();

        services.AddMassTransit(x =>
        {
            foreach (var stage in stages) x.AddConsumer(stage.Consumer, stage.Definition);
            if (stages.Count > 0) x.AddConsumer<StageFaultConsumer>();
            x.DisableUsageTelemetry();
            x.UsingRabbitMq((context, cfg) =>
            {
                var rabbit = options.RabbitMq;
                cfg.Host(rabbit.Host, rabbit.Port, rabbit.VirtualHost, h =>
                {
                    h.Username(rabbit.Username);
                    h.Password(rabbit.Password);
                });
                foreach (var stage in stages)
                {
                    cfg.ReceiveEndpoint(queues.QueueOf(stage.Name), e =>
                    {
                        // Commands arrive by Send to this queue only; no binding to the type's exchange.
                        e.ConfigureConsumeTopology = false;
                        e.PrefetchCount = stage.Prefetch;
                        e.ConfigureConsumer(context, stage.Consumer);
                    });
                }
                if (stages.Count > 0)
                    cfg.ReceiveEndpoint(queues.QueueOf("faults"), e => e.ConfigureConsumer<StageFaultConsumer>(context));
            });
        });
        return services;
    }
}
