using Lineage.Api.Options;
using JasperFx;
using JasperFx.Events;
using JasperFx.Events.Daemon;
using JasperFx.Events.Projections;
using Lineage.Api.Messaging;
using Lineage.Domain.Examples;
using Lineage.Domain.Pipelines;
using Lineage.Domain.Runs;
using Lineage.Domain.Versions;
using Marten;

namespace Lineage.Api.Hosting;

public static class MartenSetup
{
    /// <summary>
    /// The event store: string stream keys (<c>run:{id}:r1:generate:3</c>), projections declared here and
    /// nowhere else, and the relay subscription when this process runs it.
    /// </summary>
    public static IServiceCollection AddLineageMarten(this IServiceCollection services, LineageOptions options)
    {
        var marten = services.AddMarten(opts =>
        {
            opts.Connection(options.Postgres);
            opts.DatabaseSchemaName = options.Schema;
            opts.AutoCreateSchemaObjects = AutoCreate.CreateOrUpdate;
            opts.Events.StreamIdentity = StreamIdentity.AsString;
            // One transaction appends a whole batch; quick append skips per-event version look-ups.
            opts.Events.AppendMode = EventAppendMode.Quick;
            opts.Events.MapEventType<Domain.Pools.PoolMemberAssigned>(Diversity.PoolEventNames.MemberAssigned);
            opts.Events.MapEventType<Domain.Pools.PoolReclustered>(Diversity.PoolEventNames.Reclustered);
            opts.Events.MapEventType<Diversity.DiversityReported>(Diversity.PoolEventNames.DiversityReported);

            opts.Projections.Add<ExampleLineageProjection>(ProjectionLifecycle.Inline);
            // Async: many batches finish at once, and an inline multi-stream document would lose concurrent updates.
            opts.Projections.Add<RunStatusProjection>(ProjectionLifecycle.Async);
            opts.Projections.Add<DatasetVersionProjection>(ProjectionLifecycle.Inline);
            opts.Projections.Add<PipelineDefinitionProjection>(ProjectionLifecycle.Inline);

            opts.Schema.For<ExampleLineage>()
                .Index(x => x.RunId)
                .Index(x => x.Outcome)
                .Index(x => x.Rule);
            opts.Schema.For<DatasetManifest>();
        })
        // Schema changes are applied before the bus starts consuming: applied lazily instead, the first messages of a
        // fresh schema raced each other for it and, on a loaded machine, timed out (5 s) until their retries ran out.
        .ApplyAllDatabaseChangesOnStartup()
        .UseLightweightSessions();

        if (options.Relay)
        {
            marten.AddSubscriptionWithServices<StageRelay>(ServiceLifetime.Singleton, o =>
            {
                o.Name = "stage-relay";
                o.Options.BatchSize = 500;
                // Only the events that move a run forward; the per-example ones never reach the relay.
                foreach (var type in StageRelay.EventTypes) o.IncludeType(type);
            });
            marten.AddAsyncDaemon(options.Daemon);
        }
        return services;
    }
}
