using System.Net;
using Lineage.Api.Explorer.Access;
using Lineage.Explorer.Tests.Browser;

namespace Lineage.Explorer.Tests.Access;

/// <summary>
/// The real host, as LineageHost composes it. AUTH NOT LANDED on this branch: the host registers no <c>reader</c>
/// policy yet, so this spec asserts the Explorer is open, and turns into asserting the refusal by itself the day the
/// host's authentication registers the policy (<see cref="ExplorerAccess.HostHasReaderPolicy"/>). The refusal path
/// itself is covered with standard authentication by <see cref="ExplorerAccessSpecs"/>.
/// </summary>
[Collection(ExplorerCollection.Name)]
[Trait("Category", "Integration")]
public class HostAuthenticationSpecs(ExplorerFixture f)
{
    [Fact]
    public async Task a_page_without_the_reader_key_is_refused_once_the_host_has_authentication()
    {
        using var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = f.BaseAddress };
        using var request = new HttpRequestMessage(HttpMethod.Get, "/explorer/runs");
        request.Headers.Accept.ParseAdd("text/html");
        using var response = await client.SendAsync(request);
        if (ExplorerAccess.HostHasReaderPolicy(f.App.Services))
        {
            Assert.Equal(HttpStatusCode.SeeOther, response.StatusCode);
            Assert.StartsWith(ExplorerAccess.LoginPath + "?refused=unauthenticated", response.Headers.Location!.OriginalString);
            using var json = await client.GetAsync("/explorer/pipelines/none/pool");
            Assert.Equal(HttpStatusCode.Unauthorized, json.StatusCode);
        }
        else
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
    }
}
