using Lineage.Api.Options;

namespace Lineage.Faults.Services;

/// <summary>A private PostgreSQL and a private RabbitMQ, started together and removed together.</summary>
public sealed class PrivateServices : IAsyncDisposable
{
    private PrivateServices(PrivatePostgres postgres, PrivateRabbitMq rabbitMq)
    {
        Postgres = postgres;
        RabbitMq = rabbitMq;
    }

    public PrivatePostgres Postgres { get; }

    public PrivateRabbitMq RabbitMq { get; }

    public static async Task<PrivateServices> StartAsync(ServiceBinaries binaries)
    {
        // One at a time: both are CPU-hungry while they start, and a 2-core machine is slower doing both at once.
        var postgres = await PrivatePostgres.StartAsync(binaries);
        PrivateRabbitMq? rabbitMq = null;
        try
        {
            rabbitMq = await PrivateRabbitMq.StartAsync(binaries);
            return new PrivateServices(postgres, rabbitMq);
        }
        finally
        {
            if (rabbitMq is null) await postgres.DisposeAsync();
        }
    }

    /// <summary>Points a Lineage process's options at these services, on its own schema and queue prefix.</summary>
    public void Apply(LineageOptions options, string schema, string queuePrefix)
    {
        options.Postgres = Postgres.ConnectionString;
        options.Schema = schema;
        options.RabbitMq = new RabbitMqOptions { Host = "127.0.0.1", Port = (ushort)RabbitMq.Port, QueuePrefix = queuePrefix };
    }

    /// <summary>The same, as the command-line settings a <c>lineage worker</c> process takes.</summary>
    public IEnumerable<string> Settings(string schema, string queuePrefix, string applicationName) =>
    [
        $"--Lineage:Postgres={Postgres.ConnectionString};Application Name={applicationName}",
        $"--Lineage:Schema={schema}",
        "--Lineage:RabbitMq:Host=127.0.0.1",
        $"--Lineage:RabbitMq:Port={RabbitMq.Port}",
        $"--Lineage:RabbitMq:QueuePrefix={queuePrefix}",
    ];

    public async ValueTask DisposeAsync()
    {
        await RabbitMq.DisposeAsync();
        await Postgres.DisposeAsync();
    }
}
