using Lineage.Api.Options;
using System.Diagnostics;
using Lineage.Api.Hosting;

namespace Lineage.Api.Tests.Platform;

/// <summary>
/// A real <c>lineage worker</c> process (the Api assembly copied beside the tests) on the fixture's
/// schema and queues. It identifies itself to PostgreSQL by application name, so a test can see
/// when it holds an open write transaction, and it can be killed outright.
/// </summary>
public sealed class WorkerProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly List<string> _output = [];

    private WorkerProcess(Process process, string applicationName)
    {
        _process = process;
        ApplicationName = applicationName;
    }

    public string ApplicationName { get; }

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    public string Output
    {
        get { lock (_output) return string.Join('\n', _output.TakeLast(40)); }
    }

    public static WorkerProcess Start(LineageOptions options, string stages, string applicationName)
    {
        var info = CliProcess.StartInfo(options, ["worker", "--stages", stages, "--urls", "http://127.0.0.1:0"],
            "--Lineage:Relay=false", $"--Lineage:Postgres={options.Postgres};Application Name={applicationName}");
        var process = Process.Start(info) ?? throw new InvalidOperationException("could not start the worker process");
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
        lock (_output) _output.Add(line);
    }
}
