using System.Diagnostics;

namespace Lineage.Faults.Services;

/// <summary>One run of a service's command-line tool (initdb, pg_ctl, rabbitmqctl): waited for, output kept for the error.</summary>
public static class Tool
{
    public static ProcessStartInfo Info(string file, IEnumerable<string> arguments, IReadOnlyDictionary<string, string>? environment = null)
    {
        var info = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            // The tools resolve relative paths and read files from here; the repository is no place for them.
            WorkingDirectory = Path.GetTempPath(),
        };
        foreach (var argument in arguments) info.ArgumentList.Add(argument);
        foreach (var (name, value) in environment ?? new Dictionary<string, string>()) info.Environment[name] = value;
        return info;
    }

    /// <summary>Runs the tool to its end; a non-zero exit or a run past <paramref name="timeout"/> throws with what it printed.</summary>
    public static async Task<string> RunAsync(ProcessStartInfo info, TimeSpan timeout)
    {
        using var process = Process.Start(info) ?? throw new InvalidOperationException($"could not start {info.FileName}");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var deadline = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{Describe(info)} did not finish within {timeout.TotalSeconds:0} s: {await output}{await error}");
        }
        var text = await output + await error;
        if (process.ExitCode != 0) throw new InvalidOperationException($"{Describe(info)} exited {process.ExitCode}: {text}");
        return text;
    }

    private static string Describe(ProcessStartInfo info) => $"{Path.GetFileName(info.FileName)} {string.Join(' ', info.ArgumentList)}";
}
