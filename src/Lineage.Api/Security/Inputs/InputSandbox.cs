using Lineage.Api.Options;
using Lineage.Api.Hosting;

namespace Lineage.Api.Security.Inputs;

/// <summary>
/// Decides whether a path a pipeline names may be read: it must resolve (every symlink followed) to a regular
/// file, or a folder, under one of the input roots, and a file must be at most <see cref="InputOptions.MaxFileBytes"/>.
/// The answer is one bit, so a caller learns nothing about files outside the roots: missing, outside, a device,
/// too large all read the same. Roots are resolved at each check, so a data directory created after start counts.
/// </summary>
public sealed class InputSandbox
{
    private readonly IReadOnlyList<string> _roots;

    public InputSandbox(InputOptions options, LineageOptions lineage)
    {
        _roots = options.Roots.Length > 0 ? options.Roots : DefaultRoots(lineage.DataDirectory);
        MaxFileBytes = options.MaxFileBytes;
    }

    public long MaxFileBytes { get; }

    /// <summary>The configured roots as given (for messages and docs; what is checked are their resolved forms).</summary>
    public IReadOnlyList<string> Roots => _roots;

    /// <summary>The resolved path of an allowed input file, or null.</summary>
    public string? File(string? path)
    {
        if (Resolve(path) is not { } resolved || !RealPath.IsRegularFile(resolved)) return null;
        return new FileInfo(resolved).Length <= MaxFileBytes ? resolved : null;
    }

    /// <summary>The resolved path of an allowed input folder (a proxy model), or null.</summary>
    public string? Folder(string? path) => Resolve(path) is { } resolved && Directory.Exists(resolved) ? resolved : null;

    /// <summary>The resolved path of an allowed dataset folder (<c>data/*.parquet</c>, each an allowed file), or null.</summary>
    public string? DatasetFolder(string? path) =>
        Folder(path) is { } folder && Exports.HfDatasetFolder.DataFiles(folder) is { Count: > 0 } files && files.All(f => File(f) is not null)
            ? folder
            : null;

    private string? Resolve(string? path)
    {
        if (string.IsNullOrWhiteSpace(path) || path.Contains('\0')) return null;
        if (RealPath.Resolve(path) is not { } resolved) return null;
        foreach (var root in _roots)
        {
            if (RealPath.Resolve(root) is not { } r || !Directory.Exists(r)) continue;
            var prefix = r.EndsWith(Path.DirectorySeparatorChar) ? r : r + Path.DirectorySeparatorChar;
            if (resolved == r || resolved.StartsWith(prefix, StringComparison.Ordinal)) return resolved;
        }
        return null;
    }

    /// <summary>
    /// The data directory, and every <c>fixtures</c> folder beside the current directory, the binary or one of their
    /// parents: where the demo's and the tests' inputs live.
    /// </summary>
    public static IReadOnlyList<string> DefaultRoots(string dataDirectory)
    {
        var roots = new List<string> { Path.GetFullPath(dataDirectory) };
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
                foreach (var candidate in new[] { Path.Combine(dir.FullName, "fixtures") })
                    if (Directory.Exists(candidate)) roots.Add(candidate);
        return roots.Distinct(StringComparer.Ordinal).ToList();
    }
}
