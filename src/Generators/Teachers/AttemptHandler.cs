namespace Lineage.Generators.Teachers;

/// <summary>Counts the HTTP attempts of one call; travels in the request's options.</summary>
internal sealed class AttemptCounter
{
    public static readonly HttpRequestOptionsKey<AttemptCounter> Key = new("lineage.teacher.attempts");
    private int _count;
    public int Count => Volatile.Read(ref _count);
    public void Increment() => Interlocked.Increment(ref _count);
}

/// <summary>The most bytes of a teacher's response body one call reads; travels in the request's options.</summary>
internal static class ResponseLimit
{
    public static readonly HttpRequestOptionsKey<long> Key = new("lineage.teacher.max-response-bytes");
}

/// <summary>A teacher answered with a body past <see cref="OpenAiTeacherOptions.MaxResponseBytes"/>: no retry reads less.</summary>
public sealed class TeacherResponseTooLargeException(long maxBytes)
    : Exception($"the teacher's response body exceeds {maxBytes} bytes")
{
    public long MaxBytes { get; } = maxBytes;
}

/// <summary>
/// Sits inside the resilience handler, so it sees every attempt. It reads the
/// whole body before returning: a connection that drops mid-body then fails the
/// attempt (and is retried) instead of failing later, outside the retries. It reads no more than the call's
/// <see cref="ResponseLimit"/>: a body declared or found larger fails the call, not the worker's memory.
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
            var max = request.Options.TryGetValue(ResponseLimit.Key, out var limit) ? limit : OpenAiTeacherOptions.DefaultMaxResponseBytes;
            if (response.Content.Headers.ContentLength > max) throw new TeacherResponseTooLargeException(max);
            try
            {
                await response.Content.LoadIntoBufferAsync(max, cancellationToken).ConfigureAwait(false);
            }
            catch (HttpRequestException) when (response.Content.Headers.ContentLength is null)
            {
                // HttpContent says "cannot write more bytes to the buffer than the configured maximum" this way.
                throw new TeacherResponseTooLargeException(max);
            }
            buffered = true;
            return response;
        }
        finally
        {
            if (!buffered) response.Dispose();
        }
    }
}
