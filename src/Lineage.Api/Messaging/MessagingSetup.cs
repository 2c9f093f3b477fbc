using Lineage.Api.Options;
using Lineage.Api.Hosting;
using Lineage.Api.Stages;
using Lineage.Api.Stages.Failures;
using Lineage.Api.Stages.Generation;
using Lineage.Domain.Stages;
using MassTransit;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Lineage.Api.Messaging;

public static class MessagingSetup
{
    /// <summary>Unacknowledged messages a worker holds: 1 for device stages, so a busy GPU worker does not sit on
    /// batches an idle one could take.</summary>
    private static int PrefetchOf(Stage stage) => stage.OnDevice ? 1 : 4;

    /// <summary>The consumer of each stage's command: the one concrete <see cref="IConsumer{T}"/> of it in this assembly.</summary>
    private static readonly IReadOnlyDictionary<Stage, Type> Consumers = StageTable.All.ToDictionary(
        stage => stage,
        stage => typeof(MessagingSetup).Assembly.GetTypes()
            .Where(t => t is { IsClass: true, IsAbstract: false, IsGenericTypeDefinition: false } && typeof(IConsumer<>).MakeGenericType(stage.Command).IsAssignableFrom(t))
            .SingleOrDefault() ?? throw new InvalidOperationException($"stage {stage.Name} has no consumer of {stage.Command.Name}"));

    /// <summary>Which stages this process consumes, from <see cref="LineageOptions.Stages"/>.</summary>
    public static IReadOnlySet<string> SelectedStages(LineageOptions options)
    {
        var chosen = options.Stages.SelectMany(s => s.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            .Select(s => s.ToLowerInvariant()).ToHashSet();
        if (chosen.Contains("all")) return StageTable.Names.ToHashSet();
        chosen.Remove("none");
        var unknown = chosen.Except(StageTable.Names).ToList();
        if (unknown.Count > 0)
            throw new ArgumentException($"Lineage:Stages names unknown stage(s) {string.Join(", ", unknown)}; known: all, none, {string.Join(", ", StageTable.Names)}");
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
        services.AddSingleton<StalledRunSweeper>();
        // The sweeper backs up the relay, so it runs where the relay does.
        if (options.Relay && options.Sweep.Enabled) services.AddHostedService(sp => sp.GetRequiredService<StalledRunSweeper>());
        services.AddStageServices(options);
        services.TryAddSingleton<IFewShotPool, MartenFewShotPool>();
        services.AddSingleton<ICandidateSource, ProceduralCandidateSource>();
        var selected = SelectedStages(options);
        var stages = StageTable.All.Where(s => selected.Contains(s.Name)).ToList();
        var faults = stages.Select(s => typeof(StageFaultConsumer<>).MakeGenericType(s.Command)).ToList();

        services.AddMassTransit(x =>
        {
            foreach (var stage in stages)
            {
                var definition = (stage.OnDevice ? typeof(DeviceStageConsumerDefinition<>) : typeof(StageConsumerDefinition<>))
                    .MakeGenericType(Consumers[stage]);
                x.AddConsumer(Consumers[stage], definition);
            }
            foreach (var fault in faults) x.AddConsumer(fault);
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
                        e.PrefetchCount = PrefetchOf(stage);
                        e.ConfigureConsumer(context, Consumers[stage]);
                    });
                }
                if (faults.Count > 0)
                    cfg.ReceiveEndpoint(queues.QueueOf("faults"), e =>
                    {
                        foreach (var fault in faults) e.ConfigureConsumer(context, fault);
                    });
            });
        });
        return services;
    }
}
