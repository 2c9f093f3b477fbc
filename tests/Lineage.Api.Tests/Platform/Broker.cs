using Lineage.Api.Options;
using Lineage.Domain.Stages;
using Lineage.Api.Hosting;
using Lineage.Api.Messaging;
using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;

namespace Lineage.Api.Tests.Platform;

/// <summary>Direct access to the fixture's queues on RabbitMQ: counts, purges, reads and teardown.</summary>
public sealed class Broker(RabbitMqOptions options)
{
    /// <summary>Every queue a Lineage process with this prefix can declare: stage queues, their error and skipped queues, faults.</summary>
    public IEnumerable<string> Queues()
    {
        var queues = new StageQueues(options.QueuePrefix);
        foreach (var stage in StageTable.Names.Append("faults"))
        {
            yield return queues.QueueOf(stage);
            yield return queues.QueueOf(stage) + "_error";
            yield return queues.QueueOf(stage) + "_skipped";
        }
    }

    public async Task<(uint Messages, uint Consumers)?> StatsAsync(string queue)
    {
        await using var connection = await ConnectAsync();
        await using var channel = await connection.CreateChannelAsync();
        try
        {
            var ok = await channel.QueueDeclarePassiveAsync(queue);
            return (ok.MessageCount, ok.ConsumerCount);
        }
        catch (OperationInterruptedException e) when (e.ShutdownReason?.ReplyCode == 404)
        {
            return null;
        }
    }

    /// <summary>Takes one message off a queue (acknowledged), or null when it is empty.</summary>
    public async Task<BasicGetResult?> TakeAsync(string queue)
    {
        await using var connection = await ConnectAsync();
        await using var channel = await connection.CreateChannelAsync();
        return await channel.BasicGetAsync(queue, autoAck: true);
    }

    /// <summary>Empties every queue of the fixture that exists; messages being consumed right now are not affected.</summary>
    public async Task PurgeAsync()
    {
        await using var connection = await ConnectAsync();
        foreach (var queue in Queues())
        {
            await using var channel = await connection.CreateChannelAsync();
            try
            {
                await channel.QueuePurgeAsync(queue);
            }
            catch (OperationInterruptedException e) when (e.ShutdownReason?.ReplyCode == 404)
            {
                // Not declared yet: nothing to purge.
            }
        }
    }

    /// <summary>Deletes the fixture's queues and the exchanges MassTransit bound to them.</summary>
    public async Task DeleteAllAsync()
    {
        await using var connection = await ConnectAsync();
        await using var channel = await connection.CreateChannelAsync();
        foreach (var name in Queues())
        {
            await channel.QueueDeleteAsync(name, ifUnused: false, ifEmpty: false);
            await channel.ExchangeDeleteAsync(name, ifUnused: false);
        }
    }

    private Task<IConnection> ConnectAsync() => new ConnectionFactory
    {
        HostName = options.Host,
        Port = options.Port,
        VirtualHost = options.VirtualHost,
        UserName = options.Username,
        Password = options.Password,
    }.CreateConnectionAsync();
}
