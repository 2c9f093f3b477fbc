using Lineage.Faults.Services;

namespace Lineage.Api.Tests.Reliability;

/// <summary>
/// A private PostgreSQL cluster and RabbitMQ node for the tests that stop and restart them: the machine's shared
/// servers carry other tests at the same time and are never touched. Started once for the collection, removed after.
/// </summary>
public sealed class PrivateServicesFixture : IAsyncLifetime
{
    private PrivateServices? _services;

    public PrivateServices Services => _services ?? throw new InvalidOperationException(PrivateServicesFactAttribute.Missing);

    public async Task InitializeAsync()
    {
        // Absent binaries skip the facts (see the attribute); there is nothing to start then.
        if (ServiceBinaries.Find(out _) is { } binaries) _services = await PrivateServices.StartAsync(binaries);
    }

    public async Task DisposeAsync()
    {
        if (_services is not null) await _services.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class PrivateServicesCollection : ICollectionFixture<PrivateServicesFixture>
{
    public const string Name = "private-services";
}

/// <summary>A fact that needs the PostgreSQL and RabbitMQ server programs: skipped, saying which are missing, where they are absent.</summary>
public sealed class PrivateServicesFactAttribute : FactAttribute
{
    public static string Missing => ServiceBinaries.Find(out var missing) is null ? missing : "";

    public PrivateServicesFactAttribute()
    {
        if (ServiceBinaries.Find(out var missing) is null) Skip = $"private PostgreSQL/RabbitMQ cannot be started: {missing}";
    }
}
