using System.Security.Cryptography;
using System.Text.Json;
using Lineage.Api.Explorer.Assets;

namespace Lineage.Explorer.Tests.Unit;

/// <summary>
/// The vendored libraries are what the lockfile pins (scripts/explorer-vendor.sh copied them and wrote the manifest),
/// unchanged since, each with its licence, and the host serves exactly those bytes.
/// </summary>
[Trait("Category", "Unit")]
public class ExplorerVendorSpecs
{
    private static readonly string Explorer = Path.Combine(RepositoryRoot(), "src", "Lineage.Api", "Explorer");
    private static readonly string Vendor = Path.Combine(Explorer, "Assets", "vendor");

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Lineage.sln"))) return dir.FullName;
        throw new InvalidOperationException("no Lineage.sln above the test output");
    }

    private static List<(string Package, string Version, string File, string Sha256)> Manifest() =>
        File.ReadLines(Path.Combine(Vendor, "MANIFEST.tsv")).Skip(1).Select(l => l.Split('\t')).Select(c => (c[0], c[1], c[2], c[3])).ToList();

    [Fact]
    public void every_vendored_file_is_the_locked_version_with_the_recorded_hash()
    {
        using var lockFile = JsonDocument.Parse(File.ReadAllText(Path.Combine(Explorer, "npm", "package-lock.json")));
        var packages = lockFile.RootElement.GetProperty("packages");
        foreach (var (package, version, file, sha) in Manifest())
        {
            Assert.Equal(packages.GetProperty($"node_modules/{package}").GetProperty("version").GetString(), version);
            Assert.Equal(sha, Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(Path.Combine(Vendor, file)))));
        }
    }

    [Fact]
    public void every_vendored_script_comes_with_its_licence_and_every_locked_package_is_vendored()
    {
        var manifest = Manifest();
        foreach (var script in manifest.Where(m => m.File.EndsWith(".js", StringComparison.Ordinal)))
            Assert.Contains(manifest, m => m.Package == script.Package && m.File.StartsWith("licenses/", StringComparison.Ordinal));
        using var packageJson = JsonDocument.Parse(File.ReadAllText(Path.Combine(Explorer, "npm", "package.json")));
        foreach (var dependency in packageJson.RootElement.GetProperty("dependencies").EnumerateObject())
        {
            Assert.DoesNotContain("^", dependency.Value.GetString());
            Assert.Contains(manifest, m => m.Package == dependency.Name && m.Version == dependency.Value.GetString());
        }
    }

    [Fact]
    public void the_host_serves_the_vendored_bytes_from_its_assembly()
    {
        var store = new ExplorerAssetStore();
        foreach (var (_, _, file, sha) in Manifest().Where(m => m.File.EndsWith(".js", StringComparison.Ordinal)))
        {
            var asset = store.Find($"vendor/{file}");
            Assert.NotNull(asset);
            Assert.Equal(sha, Convert.ToHexStringLower(SHA256.HashData(asset.Content)));
            Assert.StartsWith("text/javascript", asset.ContentType);
        }
        Assert.Throws<InvalidOperationException>(() => store.Url("vendor/missing.js"));
    }
}
