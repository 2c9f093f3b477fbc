using System.Threading.Channels;

namespace Lineage.Api.OpenLineage;

/// <summary>
/// Run events between the subscription that derives them and the sender that delivers them, as their JSON.
/// Bounded: when the receiver is slower than the log, the subscription waits here, and only it does (stages
/// never touch this queue), so an unreachable receiver costs memory up to the capacity and nothing else.
/// </summary>
public sealed class RunEventQueue(OpenLineageOptions options)
{
    private readonly Channel<string> _channel = Channel.CreateBounded<string>(new BoundedChannelOptions(Math.Max(1, options.QueueCapacity))
    {
        FullMode = BoundedChannelFullMode.Wait,
        SingleReader = true,
        SingleWriter = true,
    });

    public ChannelReader<string> Reader => _channel.Reader;

    public int Count => _channel.Reader.Count;

    public ValueTask EnqueueAsync(RunEvent runEvent, CancellationToken ct) => _channel.Writer.WriteAsync(runEvent.ToJson(), ct);
}
