using Lineage.Api.Options;
using System.Diagnostics;
using Lineage.Api.Hosting;

namespace Lineage.Api.Tests.Platform;

/// <summary>Runs one <c>lineage</c> verb as a real process on a fixture's schema, queues and data directory.</summary>
public static class CliProcess
{
    public sealed record Result(int ExitCode, string Output, string Error);

    /// <summary>
    /// <c>dotnet Lineage.Api.dll</c> with <paramref name="verb"/> and then the fixture's settings (later settings win,
    /// so <paramref name="settings"/> can override them), output redirected.
    /// </summary>
    public static ProcessStartInfo StartInfo(LineageOptions options, IEnumerable<string> verb, params string[] settings)
    {
        var api = typeof(Program).Assembly.Location;
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(api)!,
        };
        foreach (var arg in new[] { api }.Concat(verb).Concat(
                 [
                     $"--Lineage:Schema={options.Schema}",
                     $"--Lineage:RabbitMq:QueuePrefix={options.RabbitMq.QueuePrefix}",
                     $"--Lineage:DataDirectory={options.DataDirectory}",
                     "--Logging:LogLevel:Default=Warning",
                 ]).Concat(settings))
            info.ArgumentList.Add(arg);
        return info;
    }

    public static async Task<Result> RunAsync(LineageOptions options, params string[] verb)
    {
        var info = StartInfo(options, verb);
        using var process = Process.Start(info) ?? throw new InvalidOperationException("could not start lineage");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"lineage {string.Join(' ', verb)} did not exit within 3 minutes: {await output}{await error}");
        }
        return new Result(process.ExitCode, await output, await error);
    }
}
