using MassTransit;

namespace Lineage.Api.Stages;

/// <summary>
/// The embed and cluster stages: one message at a time per process. They hold a model or a whole pool on
/// the device and use every torch thread; a second concurrent message would only wait for the proxy's gate
/// or double the memory. (Their endpoints also prefetch one message only, see MessagingSetup.)
/// </summary>
public sealed class DeviceStageConsumerDefinition<TConsumer> : StageConsumerDefinition<TConsumer> where TConsumer : class, IConsumer
{
    public DeviceStageConsumerDefinition()
    {
        ConcurrentMessageLimit = 1;
    }
}
