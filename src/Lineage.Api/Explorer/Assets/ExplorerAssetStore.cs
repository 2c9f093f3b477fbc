using System.Reflection;
using Lineage.Domain.Hashing;

namespace Lineage.Api.Explorer.Assets;

/// <summary>One static file of the Explorer: its bytes, media type and a content hash for caching.</summary>
public sealed record ExplorerAsset(string Path, byte[] Content, string ContentType, string Hash);

/// <summary>
/// The Explorer's CSS, scripts and vendored libraries, embedded in the assembly (<c>Explorer/Assets/**</c>), so the
/// host serves them with nothing to deploy beside it and no network. URLs carry the content hash
/// (<c>?v=…</c>): a browser may cache such a URL forever, and a changed file gets a new one.
/// </summary>
public sealed class ExplorerAssetStore
{
    private const string ResourcePrefix = "explorer/";
    private readonly Dictionary<string, ExplorerAsset> _assets = new(StringComparer.Ordinal);

    public ExplorerAssetStore()
    {
        var assembly = typeof(ExplorerAssetStore).Assembly;
        foreach (var name in assembly.GetManifestResourceNames())
        {
            var path = name.Replace('\\', '/');
            if (!path.StartsWith(ResourcePrefix, StringComparison.Ordinal)) continue;
            path = path[ResourcePrefix.Length..];
            using var stream = assembly.GetManifestResourceStream(name)!;
            using var buffer = new MemoryStream();
            stream.CopyTo(buffer);
            var content = buffer.ToArray();
            _assets[path] = new ExplorerAsset(path, content, ContentTypeOf(path), Sha256Hex.Of(content)[..16]);
        }
    }

    public IReadOnlyCollection<string> Paths => _assets.Keys;

    public ExplorerAsset? Find(string path) => _assets.GetValueOrDefault(path);

    /// <summary>The asset's URL with its content hash; throws for a name that is not embedded, so a typo fails loudly.</summary>
    public string Url(string path) =>
        _assets.TryGetValue(path, out var asset)
            ? $"{ExplorerSetup.Prefix}/assets/{path}?v={asset.Hash}"
            : throw new InvalidOperationException($"the Explorer has no asset '{path}'");

    private static string ContentTypeOf(string path) => System.IO.Path.GetExtension(path) switch
    {
        ".css" => "text/css; charset=utf-8",
        ".js" => "text/javascript; charset=utf-8",
        ".svg" => "image/svg+xml",
        ".png" => "image/png",
        ".json" => "application/json",
        _ => "text/plain; charset=utf-8",
    };
}
