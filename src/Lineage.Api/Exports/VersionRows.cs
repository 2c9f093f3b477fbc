using System.Runtime.CompilerServices;
using Lineage.Domain.Examples;
using Lineage.Domain.Versions;
using Marten;

namespace Lineage.Api.Exports;

/// <summary>
/// A sealed version's rows in manifest order, exactly its manifest's members and nothing else, loaded from Marten
/// one page of documents at a time so an export's memory does not grow with the version.
/// </summary>
public static class VersionRows
{
    public const int DefaultPage = 1000;

    public static async Task<DatasetManifest> ManifestAsync(IQuerySession session, string versionId, CancellationToken ct) =>
        await session.LoadAsync<DatasetManifest>(versionId, ct) ?? throw new KeyNotFoundException($"no manifest for version {versionId}");

    public static async IAsyncEnumerable<ExportRow> ReadAsync(
        IQuerySession session, DatasetManifest manifest, int page = DefaultPage, Action<ExampleLineage>? observe = null,
        [EnumeratorCancellation] CancellationToken ct = default)
    {
        for (var start = 0; start < manifest.Entries.Count; start += page)
        {
            var entries = manifest.Entries.Skip(start).Take(page).ToList();
            var docs = (await session.LoadManyAsync<ExampleLineage>(ct, entries.Select(e => e.ExampleId).ToArray())).ToDictionary(x => x.Id);
            foreach (var entry in entries)
            {
                var x = docs.TryGetValue(entry.ExampleId, out var found)
                    ? found : throw new InvalidOperationException($"version {manifest.Id} lists {entry.ExampleId}, which has no lineage document");
                observe?.Invoke(x);
                yield return ExportRow.From(entry, x);
            }
        }
    }
}
