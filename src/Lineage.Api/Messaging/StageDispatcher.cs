using Lineage.Domain.Hashing;
using MassTransit;

namespace Lineage.Api.Messaging;

/// <summary>Sends stage commands to their queues. Used by the relay, the API and the CLI.</summary>
public sealed class StageDispatcher(ISendEndpointProvider sendEndpoints, StageQueues queues)
{
    public async Task SendAsync(object command, CancellationToken cancellationToken = default)
    {
        var endpoint = await sendEndpoints.GetSendEndpoint(queues.AddressOf(command.GetType()));
        // The message id is a hash of the command: the same work always travels under the same id,
        // which makes redeliveries and duplicates easy to spot in the broker and the logs.
        var id = DeterministicGuid(command);
        await endpoint.Send(command, command.GetType(), ctx => ctx.MessageId = id, cancellationToken);
    }

    private static Guid DeterministicGuid(object command)
    {
        var hex = Sha256Hex.Of(command.GetType().Name + ":" + CanonicalJson.Serialize(command));
        return new Guid(Convert.FromHexString(hex[..32]));
    }
}
