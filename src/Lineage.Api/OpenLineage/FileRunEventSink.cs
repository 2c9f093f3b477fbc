using System.Text;

namespace Lineage.Api.OpenLineage;

/// <summary>Appends each event as one line of JSON (JSON Lines), flushed before the next, for tools that tail or import a file.</summary>
public sealed class FileRunEventSink(OpenLineageOptions options) : IRunEventSink
{
    private readonly string _path = Path.GetFullPath(options.Path ?? throw new InvalidOperationException($"{OpenLineageOptions.Section}:Path is required when Sink is File"));

    public async Task SendAsync(string json, CancellationToken ct)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(_path)!);
        await using var file = new FileStream(_path, FileMode.Append, FileAccess.Write, FileShare.Read);
        await file.WriteAsync(Encoding.UTF8.GetBytes(json + "\n"), ct);
        await file.FlushAsync(ct);
    }
}
