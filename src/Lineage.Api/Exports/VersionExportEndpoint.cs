using Lineage.Api.Validation;
using Lineage.Api.Versions;
using Lineage.Domain.Versions;
using Marten;

namespace Lineage.Api.Exports;

/// <summary>
/// <c>GET /versions/{id}/export?format=jsonl|parquet|hf</c>. JSON Lines stream straight out; Parquet needs a seekable
/// target (its footer comes last) and a folder needs packing, so those are written to a temporary file first and then
/// streamed, which keeps memory bounded by a row group whatever the version's size.
/// </summary>
public static class VersionExportEndpoint
{
    public static async Task HandleAsync(
        string id, string? format, string? archive, string? shardRows, string? rowGroupRows,
        HttpContext http, IQuerySession session, VersionExporter jsonl, VersionExports exports, CancellationToken ct)
    {
        var (request, errors) = ExportRequest.Parse(format, archive, shardRows, rowGroupRows);
        if (request is null)
        {
            await TypedResults.ValidationProblem(errors).ExecuteAsync(http);
            return;
        }
        if (await session.LoadAsync<DatasetVersion>(id, ct) is null)
        {
            await TypedResults.Problem(Problems.NotFound("version", id)).ExecuteAsync(http);
            return;
        }
        switch (request.Format)
        {
            case ExportFormat.Jsonl:
                Attach(http, "application/x-ndjson", $"{id}.jsonl");
                await jsonl.ExportAsync(id, http.Response.Body, ct);
                break;
            case ExportFormat.Parquet:
                await using (var file = TempFile())
                {
                    await exports.WriteParquetAsync(id, file, request.RowGroupRows, ct);
                    await SendAsync(http, file, "application/vnd.apache.parquet", $"{id}.parquet", ct);
                }
                break;
            case ExportFormat.Hf:
                var folder = Directory.CreateTempSubdirectory("lineage-hf-").FullName;
                try
                {
                    await exports.WriteHfFolderAsync(id, folder, request.ShardRows, request.RowGroupRows, ct);
                    await using var file = TempFile();
                    await FolderArchive.WriteAsync(request.Archive, folder, id, file, ct);
                    await SendAsync(http, file, FolderArchive.ContentType(request.Archive), $"{id}.{request.Archive}", ct);
                }
                finally
                {
                    Directory.Delete(folder, recursive: true);
                }
                break;
        }
    }

    private static FileStream TempFile() => new(
        Path.Combine(Path.GetTempPath(), $"lineage-export-{Guid.NewGuid():N}"),
        FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 1 << 16, FileOptions.DeleteOnClose | FileOptions.Asynchronous);

    private static void Attach(HttpContext http, string contentType, string fileName)
    {
        http.Response.ContentType = contentType;
        http.Response.Headers.ContentDisposition = $"attachment; filename=\"{fileName}\"";
    }

    private static async Task SendAsync(HttpContext http, FileStream file, string contentType, string fileName, CancellationToken ct)
    {
        Attach(http, contentType, fileName);
        http.Response.ContentLength = file.Length;
        file.Position = 0;
        await file.CopyToAsync(http.Response.Body, ct);
    }
}
