using System.Text;
using Lineage.Domain.Examples;
using Lineage.Domain.Hashing;

namespace Lineage.Domain.Versions;

public sealed record ManifestEntry(string ExampleId, string ContentSha256);

/// <summary>
/// A version's manifest: its example ids in ordinal order, each with the SHA-256 of its canonical
/// content. The manifest hash is SHA-256 over the lines <c>{id} {sha}\n</c>.
/// </summary>
public sealed class DatasetManifest
{
    public string Id { get; set; } = "";
    public string Hash { get; set; } = "";
    public List<ManifestEntry> Entries { get; set; } = [];

    public static DatasetManifest Build(string versionId, IEnumerable<ExampleContent> examples) =>
        FromEntries(versionId, examples.Select(e => new ManifestEntry(e.Id, e.Sha256())));

    /// <summary>An example's manifest entry from its folded lineage: the content hash it holds (computed once, when read).</summary>
    public static ManifestEntry EntryOf(ExampleLineage example) => new(example.Id, example.ContentSha256 ?? example.Content().Sha256());

    /// <summary>A manifest of entries whose content hashes are already computed (<see cref="EntryOf"/>).</summary>
    public static DatasetManifest FromEntries(string versionId, IEnumerable<ManifestEntry> unordered)
    {
        var entries = unordered.OrderBy(e => e.ExampleId, StringComparer.Ordinal).ToList();
        for (var i = 1; i < entries.Count; i++)
            if (entries[i].ExampleId == entries[i - 1].ExampleId)
                throw new InvalidOperationException($"example {entries[i].ExampleId} appears twice in version {versionId}");
        return new DatasetManifest { Id = versionId, Entries = entries, Hash = HashOf(entries) };
    }

    public static string HashOf(IEnumerable<ManifestEntry> entries)
    {
        var text = new StringBuilder();
        foreach (var e in entries) text.Append(e.ExampleId).Append(' ').Append(e.ContentSha256).Append('\n');
        return Sha256Hex.Of(text.ToString());
    }
}
