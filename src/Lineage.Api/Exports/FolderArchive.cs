using System.Formats.Tar;
using System.IO.Compression;

namespace Lineage.Api.Exports;

/// <summary>Packs a folder into a tar or zip file, every entry under <c>{root}/</c> so unpacking gives back the folder.</summary>
public static class FolderArchive
{
    public static readonly string[] Kinds = ["tar", "zip"];

    public static async Task WriteAsync(string kind, string folder, string root, Stream output, CancellationToken ct)
    {
        var files = Directory.GetFiles(folder, "*", SearchOption.AllDirectories)
            .Select(f => (Path: f, Name: $"{root}/{Path.GetRelativePath(folder, f).Replace('\\', '/')}"))
            .OrderBy(f => f.Name, StringComparer.Ordinal)
            .ToList();
        if (kind == "zip")
        {
            await using var zip = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true);
            foreach (var (path, name) in files)
            {
                // Parquet pages are already compressed; deflating them again costs time for little.
                var level = name.EndsWith(".parquet", StringComparison.Ordinal) ? CompressionLevel.NoCompression : CompressionLevel.Optimal;
                var entry = zip.CreateEntry(name, level);
                await using var source = File.OpenRead(path);
                await using var target = entry.Open();
                await source.CopyToAsync(target, ct);
            }
            return;
        }
        await using var tar = new TarWriter(output, TarEntryFormat.Pax, leaveOpen: true);
        foreach (var (path, name) in files) await tar.WriteEntryAsync(path, name, ct);
    }

    public static string ContentType(string kind) => kind == "zip" ? "application/zip" : "application/x-tar";
}
