namespace Lineage.Api.OpenLineage;

/// <summary>What the sender has done since the process started, for logs and for operators (and tests) to read.</summary>
public sealed class OpenLineageStats
{
    private long _sent;
    private long _failedAttempts;
    private long _rejected;

    /// <summary>Events the sink accepted.</summary>
    public long Sent => Interlocked.Read(ref _sent);

    /// <summary>Deliveries whose retries ran out (the event is tried again after a pause).</summary>
    public long FailedAttempts => Interlocked.Read(ref _failedAttempts);

    /// <summary>Events the receiver refused as malformed (4xx): retrying cannot fix them, so they are logged and skipped.</summary>
    public long Rejected => Interlocked.Read(ref _rejected);

    internal void OnSent() => Interlocked.Increment(ref _sent);

    internal void OnFailedAttempt() => Interlocked.Increment(ref _failedAttempts);

    internal void OnRejected() => Interlocked.Increment(ref _rejected);
}
