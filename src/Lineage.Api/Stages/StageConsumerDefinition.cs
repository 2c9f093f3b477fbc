using Lineage.Api.EventStore;
using MassTransit;

namespace Lineage.Api.Stages;

/// <summary>
/// Retry policy shared by every stage: a few quick retries for transient faults (a dropped
/// connection, a serialisation conflict), then the error queue. Errors that retrying cannot fix
/// skip straight there. A database that is down for a while (a restart takes longer than the quick
/// retries last) is waited for instead (<see cref="StageRetryPolicy"/>), so it does not fail the run.
/// </summary>
public class StageConsumerDefinition<TConsumer> : ConsumerDefinition<TConsumer> where TConsumer : class, IConsumer
{
    public StageConsumerDefinition()
    {
        ConcurrentMessageLimit = Math.Max(1, Environment.ProcessorCount);
    }

    protected override void ConfigureConsumer(
        IReceiveEndpointConfigurator endpointConfigurator, IConsumerConfigurator<TConsumer> consumerConfigurator, IRegistrationContext context)
    {
        endpointConfigurator.UseMessageRetry(r =>
        {
            r.Ignore<UnknownRunException>();
            r.Ignore<ArgumentException>();
            r.Ignore<InvalidOperationException>();
            r.SetRetryPolicy(filter => new StageRetryPolicy(filter));
        });
    }
}
