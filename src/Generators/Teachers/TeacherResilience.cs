using System.Net.Http.Headers;
using Microsoft.Extensions.Http.Resilience;
using Polly;
using Polly.Retry;

namespace Lineage.Generators.Teachers;

/// <summary>
/// The Polly pipeline around every HTTP attempt, outermost first: a concurrency
/// limit (a call keeps its slot while it backs off, so a 429 slows everyone down),
/// a total time-out, retries on 408/429/5xx, transport errors, truncated bodies
/// and attempt time-outs, and the per-attempt time-out.
/// </summary>
public static class TeacherResilience
{
    public static ResiliencePipeline<HttpResponseMessage> Build(OpenAiTeacherOptions options, TimeProvider? time = null)
    {
        var builder = new ResiliencePipelineBuilder<HttpResponseMessage> { TimeProvider = time ?? TimeProvider.System };
        Configure(builder, options, time ?? TimeProvider.System);
        return builder.Build();
    }

    public static void Configure(ResiliencePipelineBuilder<HttpResponseMessage> builder, OpenAiTeacherOptions options, TimeProvider time)
    {
        builder
            .AddConcurrencyLimiter(options.MaxConcurrency, queueLimit: int.MaxValue)
            .AddTimeout(options.TotalTimeout)
            .AddRetry(new HttpRetryStrategyOptions
            {
                MaxRetryAttempts = options.MaxRetries,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = options.UseJitter,
                Delay = options.RetryBaseDelay,
                MaxDelay = options.MaxRetryDelay,
                // Polly does not cap generator delays with MaxDelay, so Retry-After is read here and capped.
                ShouldRetryAfterHeader = false,
                DelayGenerator = args => ValueTask.FromResult(RetryAfter(args.Outcome.Result, options.MaxRetryDelay, time)),
                ShouldHandle = args => ValueTask.FromResult(
                    HttpClientResiliencePredicates.IsTransient(args.Outcome) || args.Outcome.Exception is IOException),
            })
            .AddTimeout(options.AttemptTimeout);
    }

    /// <summary>The server's Retry-After (seconds or a date) capped at the maximum; null lets the back-off decide.</summary>
    internal static TimeSpan? RetryAfter(HttpResponseMessage? response, TimeSpan max, TimeProvider time)
    {
        if (response?.Headers.RetryAfter is not RetryConditionHeaderValue header) return null;
        var wait = header.Delta ?? (header.Date is { } date ? date - time.GetUtcNow() : null);
        if (wait is not { } w) return null;
        if (w < TimeSpan.Zero) w = TimeSpan.Zero;
        return w > max ? max : w;
    }
}
