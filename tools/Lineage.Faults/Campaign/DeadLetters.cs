using Lineage.Api.Messaging;
using Lineage.Domain.Stages;
using Lineage.Faults.Services;
using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;

namespace Lineage.Faults.Campaign;

/// <summary>
/// Messages MassTransit set aside: a stage command that exhausted its retries (<c>{queue}_error</c>) or that no
/// consumer took (<c>{queue}_skipped</c>). Any there is work the run did not do.
/// </summary>
public static class DeadLetters
{
    public static async Task<IReadOnlyDictionary<string, uint>> CountAsync(PrivateServices services, string queuePrefix)
    {
        var queues = new StageQueues(queuePrefix);
        var factory = new ConnectionFactory { HostName = "127.0.0.1", Port = services.RabbitMq.Port };
        await using var connection = await factory.CreateConnectionAsync();
        var counts = new Dictionary<string, uint>();
        foreach (var name in StageTable.Names.Append("faults").SelectMany(s => new[] { queues.QueueOf(s) + "_error", queues.QueueOf(s) + "_skipped" }))
        {
            // A failed passive declare closes its channel, so each queue gets its own.
            await using var channel = await connection.CreateChannelAsync();
            try
            {
                var ok = await channel.QueueDeclarePassiveAsync(name);
                if (ok.MessageCount > 0) counts[name] = ok.MessageCount;
            }
            catch (OperationInterruptedException e) when (e.ShutdownReason?.ReplyCode == 404)
            {
                // Never declared: nothing was ever set aside there.
            }
        }
        return counts;
    }
}
