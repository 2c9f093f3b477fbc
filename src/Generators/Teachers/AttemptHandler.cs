namespace Lineage.Generators.Teachers;

/// <summary>Counts the HTTP attempts of one call; travels in the request's options.</summary>
internal sealed class AttemptCounter
{
    public static readonly HttpRequestOptionsKey<AttemptCounter> Key = new("lineage.teacher.attempts");
    private int _count;
    public int Count => Volatile.Read(ref _count);
    public void Increment() => Interlocked.Increment(ref _count);
}

/// <summary>
/// Sits inside the resilience handler, so it sees every attempt. It reads the
/// whole body before returning: a connection that drops mid-body then fails the
/// attempt (and is retried) instead of failing later, outside the retries.
/// </summary>
internal sealed class AttemptHandler : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (request.Options.TryGetValue(AttemptCounter.Key, out var counter)) counter.Increment();
        var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        var buffered = false;
        try
        {
            await response.Content.LoadIntoBufferAsync(cancellationToken).ConfigureAwait(false);
            buffered = true;
            return response;
        }
        finally
        {
            if (!buffered) response.Dispose();
        }
    }
}
