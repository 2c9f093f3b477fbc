using Lineage.Api.Security.Access;
using Microsoft.Extensions.Configuration;

namespace Lineage.Api.Tests.Security;

[Trait("Category", "Unit")]
public sealed class LoopbackGuardSpecs
{
    [Theory]
    [InlineData("http://localhost:5000", true)]
    [InlineData("http://127.0.0.1:0", true)]
    [InlineData("http://127.8.9.10:80/", true)]
    [InlineData("https://[::1]:443", true)]
    [InlineData("http://0.0.0.0:8080", false)]
    [InlineData("http://*:8080", false)]
    [InlineData("http://+:80", false)]
    [InlineData("http://[::]:80", false)]
    [InlineData("http://192.168.1.5:80", false)]
    [InlineData("http://lineage.example:80", false)]
    [InlineData("*:8080", false)]
    public void addresses_are_loopback_only_when_they_name_the_loopback(string url, bool loopback) =>
        Assert.Equal(loopback, LoopbackGuard.IsLoopback(url));

    [Fact]
    public void every_place_kestrel_takes_addresses_from_is_read()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["urls"] = "http://127.0.0.1:5000;http://0.0.0.0:5001",
            ["http_ports"] = "8080",
            ["Kestrel:Endpoints:Lan:Url"] = "http://10.0.0.2:9000",
            ["Kestrel:Endpoints:Local:Url"] = "http://localhost:9001",
        }).Build();
        Assert.Equal(["http://0.0.0.0:5001", "*:8080", "http://10.0.0.2:9000"], LoopbackGuard.NonLoopbackAddresses(configuration));
        Assert.Empty(LoopbackGuard.NonLoopbackAddresses(new ConfigurationBuilder().Build()));
    }
}
