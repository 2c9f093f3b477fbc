using Lineage.Api.OpenLineage;
using Lineage.Api.Tests.Platform;

namespace Lineage.Api.Tests.OpenLineage;

/// <summary>The whole platform, emitting OpenLineage to a <see cref="MarquezStandIn"/> with an API key, retrying fast.</summary>
public sealed class OpenLineageHttpFixture() : LineageFixture("olhttp"), IAsyncLifetime
{
    public const string ApiKey = "marquez-test-key";

    public MarquezStandIn Receiver { get; } = new();

    protected override Task PrepareAsync() => Receiver.StartAsync();

    protected override IEnumerable<KeyValuePair<string, string?>> Settings() =>
    [
        new("Lineage:OpenLineage:Sink", "Http"),
        new("Lineage:OpenLineage:Url", Receiver.Url),
        new("Lineage:OpenLineage:ApiKey", ApiKey),
        // Three quick retries a request, then a short pause: a receiver refusing five requests exercises both.
        new("Lineage:OpenLineage:MaxRetryAttempts", "3"),
        new("Lineage:OpenLineage:RetryDelay", "00:00:00.010"),
        new("Lineage:OpenLineage:MaxRetryDelay", "00:00:00.200"),
    ];

    public OpenLineageStats Stats => Service<OpenLineageStats>();

    // Re-implemented so xunit's call also stops the receiver, after the host that posts to it.
    async Task IAsyncLifetime.DisposeAsync()
    {
        await base.DisposeAsync();
        await Receiver.DisposeAsync();
    }
}

/// <summary>OpenLineage to an address where nothing ever listens.</summary>
public sealed class UnreachableReceiverFixture() : LineageFixture("oldown")
{
    public string Url { get; } = $"http://127.0.0.1:{Ports.Closed()}";

    protected override IEnumerable<KeyValuePair<string, string?>> Settings() =>
    [
        new("Lineage:OpenLineage:Sink", "Http"),
        new("Lineage:OpenLineage:Url", Url),
        new("Lineage:OpenLineage:MaxRetryAttempts", "2"),
        new("Lineage:OpenLineage:RetryDelay", "00:00:00.010"),
        new("Lineage:OpenLineage:MaxRetryDelay", "00:00:00.100"),
        // A queue smaller than one run's events: the subscription ends up waiting on it, and the run must not.
        new("Lineage:OpenLineage:QueueCapacity", "4"),
    ];

    public OpenLineageStats Stats => Service<OpenLineageStats>();
}

/// <summary>OpenLineage appended to a JSON Lines file in the fixture's data directory.</summary>
public sealed class FileSinkFixture() : LineageFixture("olfile")
{
    public string EventsFile => Path.Combine(Options.DataDirectory, "openlineage", "events.jsonl");

    protected override IEnumerable<KeyValuePair<string, string?>> Settings() =>
    [
        new("Lineage:OpenLineage:Sink", "File"),
        new("Lineage:OpenLineage:Path", EventsFile),
        new("Lineage:OpenLineage:Namespace", "field-team"),
    ];
}
