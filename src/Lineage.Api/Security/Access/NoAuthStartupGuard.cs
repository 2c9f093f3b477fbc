namespace Lineage.Api.Security.Access;

/// <summary>
/// With <c>Lineage:Auth:Mode=None</c>, refuses to start a host configured to bind any non-loopback address, and
/// says loudly that authentication is off. Runs in <see cref="IHostedLifecycleService.StartingAsync"/>, before any
/// hosted service (the web server included) starts, so an open no-auth host never listens.
/// </summary>
public sealed class NoAuthStartupGuard(AuthOptions options, IConfiguration configuration, ILogger<NoAuthStartupGuard> logger) : IHostedLifecycleService
{
    public Task StartingAsync(CancellationToken cancellationToken)
    {
        if (options.Mode != AuthMode.None) return Task.CompletedTask;
        var open = LoopbackGuard.NonLoopbackAddresses(configuration);
        if (open.Count > 0)
            throw new InvalidOperationException(
                $"{AuthOptions.Section}:Mode=None turns authentication off, which is allowed only when every bound address is loopback; " +
                $"this host would bind {string.Join(", ", open)}. Bind 127.0.0.1 or localhost, or use API keys (docs/security.md).");
        logger.LogWarning("AUTHENTICATION IS OFF ({Section}:Mode=None): every request is served as an admin. " +
                          "Allowed because every bound address is loopback; anyone who can reach this machine's loopback can use this host.",
            AuthOptions.Section);
        return Task.CompletedTask;
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
