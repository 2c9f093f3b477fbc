using Lineage.Api.EventStore;
using Lineage.Api.Diversity;
using Lineage.Api.Stages;
using Lineage.Domain.Versions;
using Marten;

namespace Lineage.Api.Exports;

public sealed record ExportResult(int Rows, int Files);

/// <summary>
/// Writes a sealed version as Parquet or as a Hugging Face dataset folder: exactly the manifest's members, in
/// manifest order, streamed from Marten a page at a time and written a row group at a time.
/// </summary>
public sealed class VersionExports(IDocumentStore store)
{
    /// <summary>One Parquet file; <paramref name="output"/> must be seekable (a file, not a response body).</summary>
    public async Task<ExportResult> WriteParquetAsync(string versionId, Stream output, int rowGroupRows, CancellationToken ct)
    {
        await using var session = store.QuerySession();
        var manifest = await VersionRows.ManifestAsync(session, versionId, ct);
        var writer = await ParquetRowWriter.CreateAsync(output, rowGroupRows, ct);
        await using (writer)
        {
            await foreach (var row in VersionRows.ReadAsync(session, manifest, Page(rowGroupRows), ct: ct))
                await writer.AddAsync(row, ct);
        }
        return new ExportResult(writer.Rows, 1);
    }

    /// <summary>A dataset folder at <paramref name="folder"/> (created; existing shards of the same names are replaced).</summary>
    public async Task<ExportResult> WriteHfFolderAsync(string versionId, string folder, int shardRows, int rowGroupRows, CancellationToken ct)
    {
        await using var session = store.QuerySession();
        var version = await session.LoadAsync<DatasetVersion>(versionId, ct) ?? throw new KeyNotFoundException($"no version with id '{versionId}'");
        var manifest = await VersionRows.ManifestAsync(session, versionId, ct);
        var run = await RunReader.LoadAsync(session, version.Sealed.RunId, ct);
        var data = Directory.CreateDirectory(Path.Combine(folder, HfDatasetFolder.DataFolder)).FullName;

        var shards = HfDatasetFolder.ShardCount(manifest.Entries.Count, shardRows);
        var tally = new VersionTally();
        var rows = VersionRows.ReadAsync(session, manifest, Page(Math.Min(shardRows, rowGroupRows)), tally.Add, ct).GetAsyncEnumerator(ct);
        var total = 0;
        await using (rows)
        {
            var more = await rows.MoveNextAsync();
            for (var shard = 0; shard < shards; shard++)
            {
                await using var file = File.Create(Path.Combine(data, HfDatasetFolder.ShardName(shard, shards)));
                await using var writer = await ParquetRowWriter.CreateAsync(file, rowGroupRows, ct);
                for (var n = 0; n < shardRows && more; n++, more = await rows.MoveNextAsync())
                    await writer.AddAsync(rows.Current, ct);
                total += writer.Rows;
            }
        }

        var rounds = await DiversityReporter.RoundsAsync(session, version.Sealed.RunId, ct);
        await File.WriteAllTextAsync(Path.Combine(folder, HfDatasetFolder.Card), DatasetCard.Render(version.Sealed, run, rounds, tally), ct);
        return new ExportResult(total, shards);
    }

    private static int Page(int rows) => Math.Clamp(rows, 1, VersionRows.DefaultPage);
}
