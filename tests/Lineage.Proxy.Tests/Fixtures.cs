namespace Lineage.Proxy.Tests;

/// <summary>
/// Locates the reference fixtures the repository carries in <c>fixtures/</c> (the folder holding Lineage.sln
/// above the test binaries).
/// </summary>
public static class Fixtures
{
    private static readonly Lazy<string> Root = new(FindRepoRoot);

    public static string RepoRoot => Root.Value;

    public static string HfGolden => Path.Combine(RepoRoot, "fixtures", "hf-golden");

    public static string TinyQwen2 => Path.Combine(HfGolden, "tiny-qwen2");

    public static string TinyLlama => Path.Combine(HfGolden, "tiny-llama");

    public static IEnumerable<object[]> BothModels() =>
    [
        ["tiny-qwen2"],
        ["tiny-llama"],
    ];

    public static string Model(string name) => Path.Combine(HfGolden, name);

    // Builds may use a private --artifacts-path outside the repository, so when the binaries'
    // folder has no Lineage.sln above it, the location of this source file is tried next.
    private static string FindRepoRoot() =>
        FindAbove(AppContext.BaseDirectory) ?? FindAbove(SourceFolder())
        ?? throw new DirectoryNotFoundException(
            $"no folder above {AppContext.BaseDirectory} or {SourceFolder()} contains Lineage.sln");

    private static string? FindAbove(string start)
    {
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Lineage.sln"))) return dir.FullName;
        }
        return null;
    }

    private static string SourceFolder([System.Runtime.CompilerServices.CallerFilePath] string path = "") =>
        Path.GetDirectoryName(path) ?? ".";
}

/// <summary>A scratch folder deleted when the test ends.</summary>
public sealed class TempFolder : IDisposable
{
    public TempFolder()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "lineage-proxy-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose()
    {
        if (Directory.Exists(Path)) Directory.Delete(Path, recursive: true);
    }
}
