using System.Diagnostics;
using Npgsql;

namespace Lineage.Faults.Services;

/// <summary>
/// A throwaway PostgreSQL cluster of its own (initdb into a temporary folder, pg_ctl on a free loopback port), so a
/// fault campaign can stop and restart the database without touching the machine's shared server that other tests
/// use. It holds the <c>lineage</c> role and database, as scripts/setup.sh makes them on the shared one. PostgreSQL
/// refuses to run as root; as root the tools run as the <c>postgres</c> user through runuser.
/// </summary>
public sealed class PrivatePostgres : IAsyncDisposable
{
    private static readonly TimeSpan ToolTimeout = TimeSpan.FromSeconds(90);
    private readonly ServiceBinaries _binaries;

    private PrivatePostgres(ServiceBinaries binaries, string folder, int port)
    {
        _binaries = binaries;
        Folder = folder;
        Port = port;
    }

    public string Folder { get; }

    public int Port { get; }

    private string DataFolder => Path.Combine(Folder, "data");

    /// <summary>What Lineage processes connect with: the shared server's credentials on this cluster's port.</summary>
    public string ConnectionString =>
        $"Host=127.0.0.1;Port={Port};Username=lineage;Password=lineage;Database=lineage;Maximum Pool Size=40";

    public static async Task<PrivatePostgres> StartAsync(ServiceBinaries binaries)
    {
        var folder = Directory.CreateTempSubdirectory("lineage-pg-").FullName;
        // The postgres user (when we are root) creates the data folder, the socket and the log here.
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(folder, (UnixFileMode)0b111_111_111);
        var cluster = new PrivatePostgres(binaries, folder, FreePort.Next());
        var started = false;
        try
        {
            // Trust on loopback only: a throwaway cluster that lives as long as one campaign.
            await Tool.RunAsync(AsServerUser(binaries.InitDb,
                ["-D", cluster.DataFolder, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--locale=C", "--no-instructions"]), ToolTimeout);
            await cluster.StartServerAsync();
            await cluster.CreateLineageDatabaseAsync();
            started = true;
            return cluster;
        }
        finally
        {
            if (!started) await cluster.DisposeAsync();
        }
    }

    /// <summary>
    /// Stops the server with <c>pg_ctl -m immediate</c> (every backend killed, no checkpoint: a crash, recovered on the
    /// next start), waits <paramref name="outage"/>, and starts it again. Clients see their connections die.
    /// </summary>
    public async Task RestartAsync(TimeSpan outage)
    {
        await StopServerAsync("immediate");
        await Task.Delay(outage);
        await StartServerAsync();
    }

    /// <summary>Starts the stopped server again (crash recovery first, after an immediate stop).</summary>
    public Task StartServerAsync() => Tool.RunAsync(AsServerUser(_binaries.PgCtl,
    [
        "-D", DataFolder, "-l", Path.Combine(Folder, "server.log"), "-w", "-t", "60",
        // Three workers and a host, each with its own pool, need more than the default 100 connections.
        "-o", $"-p {Port} -k {Folder} -c listen_addresses=127.0.0.1 -c max_connections=300",
        "start",
    ]), ToolTimeout);

    /// <summary>Stops the server as a crash would: every backend killed, no checkpoint.</summary>
    public Task StopServerAsync() => StopServerAsync("immediate");

    private Task StopServerAsync(string mode) =>
        Tool.RunAsync(AsServerUser(_binaries.PgCtl, ["-D", DataFolder, "-m", mode, "-w", "-t", "60", "stop"]), ToolTimeout);

    private async Task CreateLineageDatabaseAsync()
    {
        await using var connection = new NpgsqlConnection($"Host=127.0.0.1;Port={Port};Username=postgres;Database=postgres;Pooling=false");
        await connection.OpenAsync();
        foreach (var sql in new[]
                 {
                     "create role lineage login nosuperuser nocreatedb nocreaterole password 'lineage'",
                     "create database lineage owner lineage",
                 })
        {
            await using var command = new NpgsqlCommand(sql, connection);
            await command.ExecuteNonQueryAsync();
        }
    }

    private static ProcessStartInfo AsServerUser(string tool, IEnumerable<string> arguments) =>
        Environment.IsPrivilegedProcess
            ? Tool.Info("runuser", ["-u", "postgres", "--", tool, .. arguments])
            : Tool.Info(tool, arguments);

    public async ValueTask DisposeAsync()
    {
        if (File.Exists(Path.Combine(DataFolder, "postmaster.pid")))
        {
            try
            {
                await StopServerAsync("immediate");
            }
            catch (InvalidOperationException e)
            {
                // Already down (a failed start); nothing runs on the folder about to go.
                Console.Error.WriteLine($"private PostgreSQL on port {Port}: {e.Message}");
            }
        }
        Directory.Delete(Folder, recursive: true);
    }
}
