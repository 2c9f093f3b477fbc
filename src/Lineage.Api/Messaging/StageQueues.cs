using Lineage.Domain.Stages;

namespace Lineage.Api.Messaging;

/// <summary>
/// The queue of each stage (<c>{prefix}-{stage}</c>, from <see cref="StageTable"/>). Commands are sent to a queue
/// rather than published to an exchange, so deployments sharing a broker (and test fixtures) never see each other's work.
/// </summary>
public sealed class StageQueues(string prefix)
{
    public string Prefix => prefix;

    public string QueueOf(string stage) => $"{prefix}-{stage}";

    public Uri AddressOf(Type command) => new($"queue:{QueueOf(StageTable.Of(command).Name)}");
}
