namespace Lineage.Api.Tests.Platform;

/// <summary>
/// Waits for asynchronous work (relay, consumers, the async daemon) to reach a state. The deadline
/// only guards against a hang; no assertion depends on how long anything took.
/// </summary>
public static class Eventually
{
    public static readonly TimeSpan Deadline = TimeSpan.FromSeconds(180);

    public static async Task<T> GetAsync<T>(Func<Task<T?>> probe, Func<T, bool> done, string what, TimeSpan? deadline = null)
    {
        var until = DateTime.UtcNow + (deadline ?? Deadline);
        T? last = default;
        while (DateTime.UtcNow < until)
        {
            last = await probe();
            if (last is not null && done(last)) return last;
            await Task.Delay(50);
        }
        throw new TimeoutException($"gave up waiting for {what}; last seen: {last}");
    }

    public static Task<T> GetAsync<T>(Func<Task<T?>> probe, string what, TimeSpan? deadline = null) =>
        GetAsync(probe, _ => true, what, deadline);

    public static async Task TrueAsync(Func<Task<bool>> probe, string what, TimeSpan? deadline = null) =>
        await GetAsync<object>(async () => await probe() ? true : null, what, deadline);
}
