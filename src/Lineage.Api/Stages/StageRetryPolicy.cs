using MassTransit;
using MassTransit.RetryPolicies;

namespace Lineage.Api.Stages;

/// <summary>
/// How long a stage's message is retried in process, by what failed: a database that went away
/// (<see cref="TransientInfrastructure"/>) is waited for about two minutes, since a restart takes seconds and a
/// failover longer; anything else gets three quick retries. One policy, not two nested ones: MassTransit's inner
/// retry filter marks the message as retried, after which an outer one only rethrows.
/// </summary>
public sealed class StageRetryPolicy(IExceptionFilter filter) : IRetryPolicy
{
    public static readonly TimeSpan[] Quick = [TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(1)];

    public static readonly TimeSpan[] Outage =
    [
        .. new[] { 1, 2, 4, 8 }.Select(s => TimeSpan.FromSeconds(s)),
        .. Enumerable.Repeat(TimeSpan.FromSeconds(15), 6),
    ];

    /// <summary>The wait before retry number <paramref name="retryCount"/> (0-based) after <paramref name="exception"/>; null: no more.</summary>
    public static TimeSpan? DelayFor(Exception exception, int retryCount)
    {
        var schedule = TransientInfrastructure.Is(exception) ? Outage : Quick;
        return retryCount < schedule.Length ? schedule[retryCount] : null;
    }

    public bool IsHandled(Exception exception) => filter.Match(exception);

    RetryPolicyContext<T> IRetryPolicy.CreatePolicyContext<T>(T context) => new PolicyContext<T>(this, context);

    public void Probe(ProbeContext context)
    {
        context.Set(new { Policy = "Stage", Quick = Quick.Length, Outage = Outage.Length });
        filter.Probe(context);
    }

    private sealed class PolicyContext<T>(StageRetryPolicy policy, T context) : BaseRetryPolicyContext<T>(policy, context)
        where T : class, PipeContext
    {
        protected override RetryContext<T> CreateRetryContext(Exception exception, CancellationToken cancellationToken) =>
            new Attempt<T>(policy, Context, exception, 0, cancellationToken);
    }

    private sealed class Attempt<T>(StageRetryPolicy policy, T context, Exception exception, int retryCount, CancellationToken ct)
        : BaseRetryContext<T>(context, exception, retryCount, ct), RetryContext<T>
        where T : class, PipeContext
    {
        public override TimeSpan? Delay => DelayFor(Exception, RetryCount);

        public bool CanRetry(Exception next, out RetryContext<T> retryContext)
        {
            retryContext = new Attempt<T>(policy, Context, next, RetryCount + 1, CancellationToken);
            return policy.IsHandled(next) && DelayFor(next, RetryCount + 1) is not null;
        }
    }
}
