using Lineage.Api.Options;
using Lineage.Api.Tests.Platform;

namespace Lineage.Api.Tests.Blobs;

/// <summary><c>lineage worker</c> reads Lineage:Blobs:Store like any setting, and stops at once on a store it does not know.</summary>
[Trait("Category", "Integration")]
public sealed class BlobStoreCliSpecs
{
    [Fact]
    public async Task a_worker_with_an_unknown_blob_store_exits_naming_the_setting()
    {
        var options = new LineageOptions { Schema = "blobs_cli_refused", DataDirectory = Path.GetTempPath() };
        var result = await CliProcess.RunAsync(options, "worker", "--Lineage:Blobs:Store=s3");

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("Lineage:Blobs:Store is 's3'; known stores: files, postgres", result.Error + result.Output);
    }
}
