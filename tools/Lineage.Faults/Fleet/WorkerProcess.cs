using System.Diagnostics;
using Lineage.Api.Hosting;

namespace Lineage.Faults.Fleet;

/// <summary>
/// One <c>lineage worker --stages all</c> process (the Api assembly beside this one), without the relay. It names
/// itself to PostgreSQL by application name, so the campaign can see whether it held a write transaction when it
/// was killed.
/// </summary>
public sealed class WorkerProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly Queue<string> _tail = new();

    private WorkerProcess(Process process, string applicationName)
    {
        _process = process;
        ApplicationName = applicationName;
    }

    public string ApplicationName { get; }

    public bool HasExited => _process.HasExited;

    /// <summary>The last lines it printed (warnings and errors only: it logs at Warning).</summary>
    public string Tail
    {
        get { lock (_tail) return string.Join('\n', _tail); }
    }

    public static WorkerProcess Start(IEnumerable<string> settings, string applicationName)
    {
        var api = typeof(LineageHost).Assembly.Location;
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(api)!,
        };
        foreach (var arg in new[] { api, "worker", "--stages", "all", "--urls", "http://127.0.0.1:0", "--Lineage:Relay=false",
                     "--Logging:LogLevel:Default=Warning", "--Logging:LogLevel:Marten=Critical" }.Concat(settings))
            info.ArgumentList.Add(arg);
        var process = Process.Start(info) ?? throw new InvalidOperationException("could not start a worker process");
        var worker = new WorkerProcess(process, applicationName);
        process.OutputDataReceived += (_, e) => worker.Keep(e.Data);
        process.ErrorDataReceived += (_, e) => worker.Keep(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return worker;
    }

    /// <summary>SIGKILL: no shutdown hooks, no acknowledgements, no commit.</summary>
    public async Task KillAsync()
    {
        if (_process.HasExited) return;
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        _process.Dispose();
    }

    private void Keep(string? line)
    {
        if (line is null) return;
        lock (_tail)
        {
            _tail.Enqueue(line);
            while (_tail.Count > 60) _tail.Dequeue();
        }
    }
}
