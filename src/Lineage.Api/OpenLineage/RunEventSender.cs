using Polly.Timeout;

namespace Lineage.Api.OpenLineage;

/// <summary>
/// Drains the queue into the sink, one event at a time and in order (a stage run's START goes before its
/// COMPLETE). An event whose delivery failed after the sink's own retries is tried again after
/// <see cref="OpenLineageOptions.MaxRetryDelay"/>, for as long as the process runs; an event the receiver
/// refuses as malformed is logged and skipped. Nothing here can reach a stage.
/// </summary>
public sealed class RunEventSender(
    RunEventQueue queue, IRunEventSink sink, OpenLineageOptions options, OpenLineageStats stats, TimeProvider time,
    ILogger<RunEventSender> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await foreach (var json in queue.Reader.ReadAllAsync(stoppingToken))
            await DeliverAsync(json, stoppingToken);
    }

    private async Task DeliverAsync(string json, CancellationToken ct)
    {
        while (true)
        {
            try
            {
                await sink.SendAsync(json, ct);
                stats.OnSent();
                return;
            }
            catch (RunEventRejectedException ex)
            {
                stats.OnRejected();
                logger.LogError("OpenLineage: event refused, skipped: {Reason}", ex.Message);
                return;
            }
            catch (Exception ex) when (IsTransient(ex) && !ct.IsCancellationRequested)
            {
                stats.OnFailedAttempt();
                logger.LogWarning("OpenLineage: delivery failed ({Error}); trying again in {Delay}", ex.Message, options.MaxRetryDelay);
                await Task.Delay(options.MaxRetryDelay, time, ct);
            }
        }
    }

    /// <summary>Failures that a later attempt may not see: the network, the receiver's 5xx, time-outs, a file that is busy.</summary>
    private static bool IsTransient(Exception ex) =>
        ex is HttpRequestException or IOException or TimeoutRejectedException or TaskCanceledException or UnauthorizedAccessException;
}
