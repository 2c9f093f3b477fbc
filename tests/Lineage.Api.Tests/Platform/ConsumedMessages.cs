using System.Collections.Concurrent;
using MassTransit;

namespace Lineage.Api.Tests.Platform;

/// <summary>
/// Counts consumer completions per message type on the in-process bus, so a test can wait until both
/// deliveries of a duplicated command have been handled before it counts events.
/// </summary>
public sealed class ConsumedMessages : IConsumeObserver
{
    private readonly ConcurrentDictionary<Type, int> _done = new();
    private readonly ConcurrentQueue<Exception> _faults = new();

    public IReadOnlyCollection<Exception> Faults => _faults;

    public int Count<T>() => _done.TryGetValue(typeof(T), out var n) ? n : 0;

    public Task WaitForAsync<T>(int count) =>
        Eventually.TrueAsync(() => Task.FromResult(Count<T>() >= count), $"{count} consumed {typeof(T).Name}");

    public Task PreConsume<T>(ConsumeContext<T> context) where T : class => Task.CompletedTask;

    public Task PostConsume<T>(ConsumeContext<T> context) where T : class
    {
        _done.AddOrUpdate(typeof(T), 1, (_, n) => n + 1);
        return Task.CompletedTask;
    }

    public Task ConsumeFault<T>(ConsumeContext<T> context, Exception exception) where T : class
    {
        _faults.Enqueue(exception);
        _done.AddOrUpdate(typeof(T), 1, (_, n) => n + 1);
        return Task.CompletedTask;
    }
}
