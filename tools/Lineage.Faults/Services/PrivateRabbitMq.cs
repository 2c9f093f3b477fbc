using System.Diagnostics;

namespace Lineage.Faults.Services;

/// <summary>
/// A RabbitMQ node of its own: its own node name, AMQP and distribution ports, database, logs, Erlang cookie (its
/// home is its folder) and no plugins, so a campaign can restart the broker without touching the machine's shared
/// node. The Debian package's scripts are called directly with <c>RABBITMQ_*</c> variables (rabbitmq-env reads them),
/// and <c>rabbitmqctl -n {node}</c> waits for it and stops it. Guest may connect over loopback, as on the shared node.
/// </summary>
public sealed class PrivateRabbitMq : IAsyncDisposable
{
    private static readonly TimeSpan ToolTimeout = TimeSpan.FromSeconds(120);
    private readonly ServiceBinaries _binaries;
    private readonly Dictionary<string, string> _environment;
    private Process? _server;

    private PrivateRabbitMq(ServiceBinaries binaries, string folder, int port, int distributionPort, string node)
    {
        _binaries = binaries;
        Folder = folder;
        Port = port;
        Node = node;
        File.WriteAllText(Path.Combine(folder, "enabled_plugins"), "[].\n");
        _environment = new Dictionary<string, string>
        {
            ["HOME"] = folder,
            ["RABBITMQ_NODENAME"] = node,
            ["RABBITMQ_NODE_IP_ADDRESS"] = "127.0.0.1",
            ["RABBITMQ_NODE_PORT"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["RABBITMQ_DIST_PORT"] = distributionPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            // Inter-node (and CLI) traffic on loopback only.
            ["RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS"] = "-kernel inet_dist_use_interface {127,0,0,1}",
            ["RABBITMQ_MNESIA_BASE"] = Path.Combine(folder, "mnesia"),
            ["RABBITMQ_LOG_BASE"] = Path.Combine(folder, "log"),
            ["RABBITMQ_PID_FILE"] = PidFile,
            // Files that do not exist: none of the machine's /etc/rabbitmq settings apply to this node.
            ["RABBITMQ_CONF_ENV_FILE"] = Path.Combine(folder, "rabbitmq-env.conf"),
            ["RABBITMQ_CONFIG_FILE"] = Path.Combine(folder, "rabbitmq"),
            ["RABBITMQ_ADVANCED_CONFIG_FILE"] = Path.Combine(folder, "advanced.config"),
            ["RABBITMQ_ENABLED_PLUGINS_FILE"] = Path.Combine(folder, "enabled_plugins"),
            ["RABBITMQ_PLUGINS_EXPAND_DIR"] = Path.Combine(folder, "plugins-expand"),
        };
    }

    public string Folder { get; }

    public int Port { get; }

    public string Node { get; }

    private string PidFile => Path.Combine(Folder, "rabbitmq.pid");

    public static async Task<PrivateRabbitMq> StartAsync(ServiceBinaries binaries)
    {
        var folder = Directory.CreateTempSubdirectory("lineage-rabbitmq-").FullName;
        var node = $"lineage-{Path.GetFileName(folder)[^6..].ToLowerInvariant()}@localhost";
        var broker = new PrivateRabbitMq(binaries, folder, FreePort.Next(), FreePort.Next(), node);
        var started = false;
        try
        {
            await broker.StartServerAsync();
            started = true;
            return broker;
        }
        finally
        {
            if (!started) await broker.DisposeAsync();
        }
    }

    /// <summary>Stops the node (<c>rabbitmqctl stop</c>: connections close, durable queues and persistent messages stay), waits, starts it again.</summary>
    public async Task RestartAsync(TimeSpan outage)
    {
        await StopServerAsync();
        await Task.Delay(outage);
        await StartServerAsync();
    }

    private async Task StartServerAsync()
    {
        var info = Tool.Info(_binaries.RabbitMqServer, [], _environment);
        _server = Process.Start(info) ?? throw new InvalidOperationException("could not start rabbitmq-server");
        // Its banner and start-up log go to the log folder as well; drained here so the pipes never fill.
        _server.OutputDataReceived += (_, _) => { };
        _server.ErrorDataReceived += (_, _) => { };
        _server.BeginOutputReadLine();
        _server.BeginErrorReadLine();
        // `wait` follows the pid file, then the distribution, then the rabbit application, and fails if the process dies.
        await Tool.RunAsync(Tool.Info(_binaries.RabbitMqCtl, ["-n", Node, "wait", PidFile, "--timeout", "90"], _environment), ToolTimeout);
    }

    private async Task StopServerAsync()
    {
        if (_server is null) return;
        await Tool.RunAsync(Tool.Info(_binaries.RabbitMqCtl, ["-n", Node, "stop"], _environment), ToolTimeout);
        using (var deadline = new CancellationTokenSource(ToolTimeout)) await _server.WaitForExitAsync(deadline.Token);
        _server.Dispose();
        _server = null;
        File.Delete(PidFile);
    }

    /// <summary>
    /// Messages in the queues whose names start with <paramref name="prefix"/>, ready or delivered and not yet
    /// acknowledged (what AMQP itself does not tell a client).
    /// </summary>
    public async Task<long> MessagesAsync(string prefix)
    {
        var table = await Tool.RunAsync(Tool.Info(_binaries.RabbitMqCtl,
            ["-n", Node, "list_queues", "--quiet", "--no-table-headers", "name", "messages_ready", "messages_unacknowledged"], _environment), ToolTimeout);
        return table.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => line.Split('\t'))
            .Where(cells => cells.Length == 3 && cells[0].StartsWith(prefix, StringComparison.Ordinal)
                            && !cells[0].EndsWith("_error", StringComparison.Ordinal) && !cells[0].EndsWith("_skipped", StringComparison.Ordinal))
            .Sum(cells => long.Parse(cells[1], System.Globalization.CultureInfo.InvariantCulture) + long.Parse(cells[2], System.Globalization.CultureInfo.InvariantCulture));
    }

    public async ValueTask DisposeAsync()
    {
        if (_server is { HasExited: false } server)
        {
            try
            {
                await StopServerAsync();
            }
            catch (Exception e) when (e is InvalidOperationException or TimeoutException or OperationCanceledException)
            {
                Console.Error.WriteLine($"private RabbitMQ {Node}: {e.Message}; killing it");
                server.Kill(entireProcessTree: true);
            }
        }
        Directory.Delete(Folder, recursive: true);
    }
}
