using Lineage.Api.Options;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;
using Lineage.Api.Hosting;
using Marten;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Lineage.Api.Tests.Platform;

/// <summary>
/// One Lineage host on the real PostgreSQL and RabbitMQ, in its own Marten schema and with its own
/// queue prefix, so fixtures running side by side never see each other's events or messages.
/// Tests reset the data at their start (<see cref="ResetAsync"/>); the schema and queues are dropped
/// when the fixture is disposed.
/// </summary>
public abstract class LineageFixture : IAsyncLifetime
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    private readonly string _name;

    protected LineageFixture(string name)
    {
        _name = name;
        var token = Guid.NewGuid().ToString("N")[..8];
        Options = new LineageOptions
        {
            Schema = $"lt_{name}_{token}",
            RabbitMq = new RabbitMqOptions { QueuePrefix = $"lt-{name}-{token}" },
            Schedules = false,
            // A run the relay lost track of (on a loaded machine) is picked up within a minute, inside the tests' waits.
            Sweep = new SweepOptions { IntervalSeconds = 5, StallSeconds = 45 },
            DataDirectory = Path.Combine(Path.GetTempPath(), $"lineage-tests-{token}"),
        };
        Broker = new Broker(Options.RabbitMq);
    }

    /// <summary>
    /// The host's bootstrap admin key (<c>Lineage:Auth:BootstrapAdminKey</c>), which <see cref="Client"/> sends: the
    /// host runs with authentication on, as a deployment does. Random per fixture, like a real one.
    /// </summary>
    public string AdminKey { get; } = "lt-admin-" + Guid.NewGuid().ToString("N") + Guid.NewGuid().ToString("N");

    /// <summary>The options the host runs with (and that worker processes must be given).</summary>
    public LineageOptions Options { get; }

    public Broker Broker { get; }

    public WebApplication App { get; private set; } = null!;

    public HttpClient Client { get; private set; } = null!;

    public IDocumentStore Store => App.Services.GetRequiredService<IDocumentStore>();

    public T Service<T>() where T : notnull => App.Services.GetRequiredService<T>();

    /// <summary>Which stages the in-process host consumes and whether it runs the relay.</summary>
    protected virtual void Configure(LineageOptions options) { }

    /// <summary>Work the host needs before it is built (e.g. training the model it serves).</summary>
    protected virtual Task PrepareAsync() => Task.CompletedTask;

    /// <summary>
    /// How the host listens: in memory by default. A fixture whose host must be reachable over a real socket
    /// (a stage calling the host's own <c>/v1</c> teacher) binds Kestrel here and overrides <see cref="CreateClient"/>.
    /// </summary>
    protected virtual void ConfigureHost(WebApplicationBuilder builder) => builder.WebHost.UseTestServer();

    protected virtual HttpClient CreateClient() => App.GetTestClient();

    /// <summary>Configuration the host starts with, on top of the admin key (a fixture's teacher allow-list, ...).</summary>
    protected virtual IEnumerable<KeyValuePair<string, string?>> Settings() => [];

    /// <summary>Logging the host keeps; none by default (tests that read logs add a provider here).</summary>
    protected virtual void ConfigureLogging(ILoggingBuilder logging) { }

    public async Task InitializeAsync()
    {
        await PrepareAsync();
        App = LineageHost.Build([], o =>
        {
            o.Schema = Options.Schema;
            o.RabbitMq = Options.RabbitMq;
            o.Schedules = Options.Schedules;
            o.Sweep = Options.Sweep;
            o.DataDirectory = Options.DataDirectory;
            Configure(o);
            (Options.Stages, Options.Relay) = (o.Stages, o.Relay);
        }, b =>
        {
            b.Configuration.AddInMemoryCollection([new("Lineage:Auth:BootstrapAdminKey", AdminKey), .. Settings()]);
            ConfigureHost(b);
            b.Logging.ClearProviders();
            ConfigureLogging(b.Logging);
        });
        await App.Services.GetRequiredService<IDocumentStore>().Storage.ApplyAllConfiguredChangesToDatabaseAsync();
        await App.StartAsync();
        Client = CreateClient();
        Client.DefaultRequestHeaders.Add("X-Api-Key", AdminKey);
    }

    /// <summary>Deletes every event and document (pausing and restarting the daemon) and empties the fixture's queues.</summary>
    public async Task ResetAsync()
    {
        await Broker.PurgeAsync();
        await App.ResetAllMartenDataAsync();
    }

    public async Task<T> GetAsync<T>(string url)
    {
        using var response = await Client.GetAsync(url);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<T>(Json))!;
    }

    public async Task DisposeAsync()
    {
        Client.Dispose();
        await App.StopAsync();
        await App.DisposeAsync();
        await using (var connection = new NpgsqlConnection(Options.Postgres))
        {
            await connection.OpenAsync();
            await using var drop = new NpgsqlCommand(
                $"drop schema if exists {Options.Schema} cascade; drop schema if exists {Options.Schema}_hangfire cascade", connection);
            await drop.ExecuteNonQueryAsync();
        }
        await Broker.DeleteAllAsync();
        if (Directory.Exists(Options.DataDirectory)) Directory.Delete(Options.DataDirectory, recursive: true);
    }

    public override string ToString() => $"{_name} ({Options.Schema})";
}
