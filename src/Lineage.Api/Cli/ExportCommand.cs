using Lineage.Api.Exports;
using Lineage.Api.Versions;

namespace Lineage.Api.Cli;

/// <summary>
/// <c>export &lt;versionId&gt; &lt;path&gt; [--format jsonl|parquet|hf] [--shard-rows N] [--row-group-rows N]</c>:
/// a file for jsonl and parquet, a dataset folder for hf.
/// </summary>
public static class ExportCommand
{
    public static async Task<int> RunAsync(string versionId, string path, string? format, string? shardRows, string? rowGroupRows,
        string[] hostArgs, TextWriter output, TextWriter error)
    {
        var (request, errors) = ExportRequest.Parse(format, null, shardRows, rowGroupRows, "--shard-rows", "--row-group-rows");
        if (request is null)
            return Fail(error, string.Join(Environment.NewLine, errors.SelectMany(e => e.Value.Select(m => $"{(e.Key == "format" ? "--format" : e.Key)}: {m}"))), 64);
        await using var app = CliHost.Build(hostArgs);
        try
        {
            switch (request.Format)
            {
                case ExportFormat.Jsonl:
                {
                    await using var file = File.Create(path);
                    var count = await app.Services.GetRequiredService<VersionExporter>().ExportAsync(versionId, file, CancellationToken.None);
                    await output.WriteLineAsync($"wrote {count} examples to {path}");
                    break;
                }
                case ExportFormat.Parquet:
                {
                    await using var file = File.Create(path);
                    var result = await app.Services.GetRequiredService<VersionExports>().WriteParquetAsync(versionId, file, request.RowGroupRows, CancellationToken.None);
                    await output.WriteLineAsync($"wrote {result.Rows} examples to {path}");
                    break;
                }
                case ExportFormat.Hf:
                {
                    var result = await app.Services.GetRequiredService<VersionExports>()
                        .WriteHfFolderAsync(versionId, path, request.ShardRows, request.RowGroupRows, CancellationToken.None);
                    await output.WriteLineAsync($"wrote {result.Rows} examples in {result.Files} shards and {HfDatasetFolder.Card} to {path}");
                    break;
                }
            }
            return 0;
        }
        catch (KeyNotFoundException e)
        {
            return Fail(error, e.Message, 2);
        }
    }

    private static int Fail(TextWriter error, string message, int code)
    {
        error.WriteLine(message);
        return code;
    }
}
