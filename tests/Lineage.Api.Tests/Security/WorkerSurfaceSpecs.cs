using System.Diagnostics;
using System.Net;
using Lineage.Api.Tests.Platform;

namespace Lineage.Api.Tests.Security;

/// <summary>A real <c>lineage worker</c> process answers <c>/health</c> and nothing else, whatever key it is shown.</summary>
[Trait("Category", "Integration")]
[Collection(SecuredHostCollection.Name)]
public class WorkerSurfaceSpecs(SecuredHostFixture f)
{
    [Fact]
    public async Task a_worker_serves_health_and_no_api()
    {
        var port = Ports.Closed();
        var info = CliProcess.StartInfo(f.Options, ["worker", "--stages", "none", "--urls", $"http://127.0.0.1:{port}"],
            "--Lineage:Relay=false", $"--Lineage:Auth:BootstrapAdminKey={f.AdminKey}");
        using var process = Process.Start(info)!;
        try
        {
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
            http.DefaultRequestHeaders.Add("X-Api-Key", f.AdminKey);
            await Eventually.TrueAsync(async () =>
            {
                try
                {
                    using var health = await http.GetAsync("/health");
                    return health.StatusCode == HttpStatusCode.OK;
                }
                catch (HttpRequestException)
                {
                    return false;
                }
            }, "the worker to answer /health");

            foreach (var (method, path) in new[] { ("GET", $"/runs/{f.RunId}"), ("GET", "/openapi/v1.json"), ("GET", "/scalar/v1"), ("GET", "/hangfire"),
                         ("GET", "/v1/models"), ("PUT", "/pipelines"), ("POST", "/maintenance/projections/rebuild"), ("GET", "/keys") })
            {
                using var request = new HttpRequestMessage(new HttpMethod(method), path) { Content = method == "GET" ? null : JsonBody.Empty() };
                using var response = await http.SendAsync(request);
                Assert.True(response.StatusCode == HttpStatusCode.NotFound, $"{method} {path}: {(int)response.StatusCode}");
            }
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
    }
}
