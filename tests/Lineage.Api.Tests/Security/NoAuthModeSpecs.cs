using System.Collections.Concurrent;
using System.Net;
using System.Text;
using Lineage.Api.Hosting;
using Lineage.Api.Tests.Platform;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Lineage.Api.Tests.Security;

/// <summary><c>Lineage:Auth:Mode=None</c> on a real loopback port: no key needed, a loud warning, writes still JSON.</summary>
public sealed class NoAuthFixture() : LineageFixture("noauth")
{
    public ConcurrentQueue<string> Logs { get; } = new();

    protected override IEnumerable<KeyValuePair<string, string?>> Settings() => [new("Lineage:Auth:Mode", "None")];

    protected override void ConfigureHost(WebApplicationBuilder builder) => builder.WebHost.UseUrls("http://127.0.0.1:0");

    protected override void ConfigureLogging(ILoggingBuilder logging) => logging.AddProvider(new CapturingLoggerProvider(Logs));

    /// <summary>A client that sends no key at all.</summary>
    protected override HttpClient CreateClient()
    {
        var address = App.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new HttpClient { BaseAddress = new Uri(address.TrimEnd('/') + "/") };
    }

    public HttpClient Anonymous() => new() { BaseAddress = Client.BaseAddress };
}

[Trait("Category", "Integration")]
public sealed class NoAuthModeSpecs(NoAuthFixture f) : IClassFixture<NoAuthFixture>
{
    [Fact]
    public async Task on_loopback_a_caller_needs_no_key_and_the_start_up_log_says_authentication_is_off()
    {
        using var anonymous = f.Anonymous();
        using var read = await anonymous.GetAsync("/pipelines/none-such");
        Assert.Equal(HttpStatusCode.NotFound, read.StatusCode);
        using var write = await anonymous.PutAsync("/pipelines",
            new StringContent("""{"name":"no-auth","config":{"batchesPerRound":1,"batchSize":5}}""", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.OK, write.StatusCode);
        using var form = await anonymous.PostAsync("/runs", new StringContent("pipeline=no-auth", Encoding.UTF8, "application/x-www-form-urlencoded"));
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, form.StatusCode);
        Assert.Contains(f.Logs, l => l.StartsWith("Warning", StringComparison.Ordinal) && l.Contains("AUTHENTICATION IS OFF", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("http://0.0.0.0:0")]
    [InlineData("http://127.0.0.1:0;http://[::]:0")]
    [InlineData("http://*:0")]
    public async Task bound_to_any_other_address_the_host_refuses_to_start(string urls)
    {
        var app = LineageHost.Build(["--urls", urls], o =>
        {
            o.Schema = f.Options.Schema;
            o.RabbitMq = f.Options.RabbitMq;
            o.Schedules = false;
            o.Relay = false;
            o.Stages = ["none"];
        }, b =>
        {
            b.Configuration.AddInMemoryCollection([new("Lineage:Auth:Mode", "None")]);
            b.Logging.ClearProviders();
        });
        await using (app)
        {
            var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => app.StartAsync());
            Assert.Contains("Mode=None", refused.Message);
            Assert.Contains(urls.Split(';')[^1], refused.Message);
            // It never listened.
            Assert.Empty(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses);
        }
    }
}
