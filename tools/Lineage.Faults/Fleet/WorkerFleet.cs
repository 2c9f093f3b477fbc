using Lineage.Api.Messaging;
using Lineage.Domain.Stages;
using Lineage.Faults.Services;
using Npgsql;
using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;

namespace Lineage.Faults.Fleet;

/// <summary>What a kill found: the victim and whether it held a write transaction open in PostgreSQL at that moment.</summary>
public sealed record KillRecord(int Worker, string Victim, bool InWriteTransaction, string Replacement);

/// <summary>
/// Worker processes competing for every stage's queue on the private services, one slot each; a killed worker's
/// slot gets a fresh process (a new application name, so its connections are told apart from the dead one's).
/// With <paramref name="directoryPerWorker"/> each slot has its own data directory under <paramref name="dataDirectory"/>
/// (<c>w0</c>, <c>w1</c>, …), as workers on separate machines would; <paramref name="blobStore"/> is their Lineage:Blobs:Store;
/// <paramref name="settings"/> are more <c>--Lineage:…=…</c> arguments for every worker.
/// </summary>
public sealed class WorkerFleet(PrivateServices services, string schema, string queuePrefix, string dataDirectory, int torchThreads,
    bool directoryPerWorker = false, string blobStore = "files", IReadOnlyList<string>? settings = null) : IAsyncDisposable
{
    private readonly List<WorkerProcess> _slots = [];
    private readonly List<string> _exited = [];
    private int _generation;

    public int Count => _slots.Count;

    /// <summary>The last lines each running worker printed.</summary>
    public IEnumerable<(string Name, string Tail)> Tails => _slots.Select(w => (w.ApplicationName, w.Tail));

    /// <summary>Output of processes that were replaced after exiting by themselves (a crash, not a kill).</summary>
    public IReadOnlyList<string> Exited => _exited;

    /// <summary>Starts <paramref name="workers"/> processes and waits until each consumes every stage's queue.</summary>
    public async Task StartAsync(int workers, TimeSpan deadline)
    {
        for (var slot = 0; slot < workers; slot++) _slots.Add(Spawn(slot));
        var queues = new StageQueues(queuePrefix);
        var until = DateTime.UtcNow + deadline;
        foreach (var stage in StageTable.Names)
        {
            while (await ConsumersAsync(queues.QueueOf(stage)) < workers)
            {
                if (_slots.FirstOrDefault(w => w.HasExited) is { } dead)
                    throw new InvalidOperationException($"worker {dead.ApplicationName} exited while starting:\n{dead.Tail}");
                if (DateTime.UtcNow > until) throw new TimeoutException($"{workers} workers did not all consume {queues.QueueOf(stage)} within {deadline}");
                await Task.Delay(200);
            }
        }
    }

    /// <summary>SIGKILLs the worker in <paramref name="slot"/> and starts a new one there at once.</summary>
    public async Task<KillRecord> KillAndReplaceAsync(int slot)
    {
        var victim = _slots[slot];
        var writing = await HoldsWriteTransactionAsync(victim.ApplicationName);
        await victim.KillAsync();
        await victim.DisposeAsync();
        _slots[slot] = Spawn(slot);
        return new KillRecord(slot, victim.ApplicationName, writing, _slots[slot].ApplicationName);
    }

    /// <summary>Replaces workers that died by themselves, keeping their output; the campaign reports any.</summary>
    public async Task ReplaceExitedAsync()
    {
        for (var slot = 0; slot < _slots.Count; slot++)
        {
            if (!_slots[slot].HasExited) continue;
            _exited.Add($"{_slots[slot].ApplicationName}:\n{_slots[slot].Tail}");
            await _slots[slot].DisposeAsync();
            _slots[slot] = Spawn(slot);
        }
    }

    private WorkerProcess Spawn(int slot)
    {
        var name = $"faults-w{slot}-g{++_generation}";
        return WorkerProcess.Start(
        [
            .. services.Settings(schema, queuePrefix, name),
            $"--Lineage:DataDirectory={DataDirectoryOf(slot)}",
            $"--Lineage:TorchThreads={torchThreads}",
            $"--Lineage:Blobs:Store={blobStore}",
            .. settings ?? [],
        ], name);
    }

    /// <summary>The data directory of a slot's workers: a replacement keeps its slot's, as a restarted machine keeps its disk.</summary>
    public string DataDirectoryOf(int slot) => directoryPerWorker ? Path.Combine(dataDirectory, $"w{slot}") : dataDirectory;

    /// <summary>A backend of the worker that holds a transaction id has written in a transaction not yet committed.</summary>
    private async Task<bool> HoldsWriteTransactionAsync(string applicationName)
    {
        try
        {
            await using var connection = new NpgsqlConnection(services.Postgres.ConnectionString + ";Pooling=false");
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand(
                "select count(*) from pg_stat_activity where application_name = @app and backend_xid is not null", connection);
            command.Parameters.AddWithValue("app", applicationName);
            return (long)(await command.ExecuteScalarAsync())! > 0;
        }
        catch (NpgsqlException)
        {
            // The database is restarting: nobody holds a transaction in it.
            return false;
        }
    }

    private async Task<uint> ConsumersAsync(string queue)
    {
        var factory = new ConnectionFactory { HostName = "127.0.0.1", Port = services.RabbitMq.Port };
        await using var connection = await factory.CreateConnectionAsync();
        await using var channel = await connection.CreateChannelAsync();
        try
        {
            return (await channel.QueueDeclarePassiveAsync(queue)).ConsumerCount;
        }
        catch (OperationInterruptedException e) when (e.ShutdownReason?.ReplyCode == 404)
        {
            return 0;
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var worker in _slots) await worker.DisposeAsync();
        _slots.Clear();
    }
}
