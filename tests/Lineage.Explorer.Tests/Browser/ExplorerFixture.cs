using Lineage.Api.Tests.Platform;
using Lineage.Domain.Pipelines;
using Lineage.Domain.Runs;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Lineage.Explorer.Tests.Browser;

/// <summary>
/// The whole platform on a real Kestrel port (the browser needs a socket) with headless Chromium beside it, and, made
/// once for the specs that share the fixture, a sealed demo-like version: seeds, two rounds through the Prismatic
/// loop (gradient embeddings, clustering, the sparse-cluster rule), injected wrong answers for verification to catch
/// and length bounds that drop some, so the version has kept and dropped examples, several rules and parents.
/// </summary>
public class ExplorerFixture : LineageFixture, IAsyncLifetime
{
    public const string Pipeline = "explorer-demo";

    private readonly SemaphoreSlim _once = new(1, 1);
    private RunStatus? _version;

    public ExplorerFixture() : this("explorer") { }

    protected ExplorerFixture(string name) : base(name) { }

    public HeadlessChromium Chromium { get; private set; } = null!;

    public Uri BaseAddress => Client.BaseAddress!;

    /// <summary>Where the specs leave a screenshot of every page they open (<c>LINEAGE_EXPLORER_SCREENSHOTS</c> overrides).</summary>
    public static string ScreenshotFolder =>
        Environment.GetEnvironmentVariable("LINEAGE_EXPLORER_SCREENSHOTS") is { Length: > 0 } folder ? folder : Path.Combine(AppContext.BaseDirectory, "screenshots");

    async Task IAsyncLifetime.InitializeAsync()
    {
        await InitializeAsync();
        Chromium = await HeadlessChromium.LaunchAsync();
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        if (Chromium is not null) await Chromium.DisposeAsync();
        await DisposeAsync();
    }

    protected override void ConfigureHost(WebApplicationBuilder builder) => builder.WebHost.UseUrls("http://127.0.0.1:0");

    protected override HttpClient CreateClient()
    {
        var address = App.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new HttpClient { BaseAddress = new Uri(address.TrimEnd('/') + "/") };
    }

    public PipelineConfig DemoConfig()
    {
        var seeds = Path.Combine(Options.DataDirectory, "seeds.jsonl");
        PipelineRuns.WriteSeedFile(seeds, seed: 991, count: 24);
        return new PipelineConfig
        {
            Rounds = 2,
            BatchesPerRound = 2,
            BatchSize = 16,
            Length = new LengthBounds { MinChars = 150, MaxChars = 1200 },
            Generator = new GeneratorConfig { ErrorRate = 0.2 },
            Diversity = new DiversityConfig { Mode = "fast", Dimension = 64, KRatio = 0.25, R = 0.5, Iterations = 10 },
            Seeds = new SeedPoolConfig { File = seeds, Limit = 24 },
        };
    }

    /// <summary>The demo-like version, made by the first spec that asks (its ids are deterministic; the rest reuse it).</summary>
    public async Task<RunStatus> VersionAsync()
    {
        await _once.WaitAsync();
        try
        {
            if (_version is null)
            {
                await ResetAsync();
                (_, _version) = await PipelineRuns.RunToVersionAsync(this, Pipeline, DemoConfig(), seed: 7);
            }
            return _version;
        }
        finally
        {
            _once.Release();
        }
    }

    /// <summary>A new page in its own browser context (own cookies), at the host; with the fixture's key on every
    /// request unless <paramref name="withKey"/> is false (then the page must sign in).</summary>
    public async Task<IPage> PageAsync(bool withKey = true)
    {
        var context = await Chromium.ContextAsync(BaseAddress, withKey ? AdminKey : null);
        return await context.NewPageAsync();
    }

    /// <summary>Saves a screenshot (the whole page, or what the window shows) under <see cref="ScreenshotFolder"/>.</summary>
    public static async Task ScreenshotAsync(IPage page, string name, bool fullPage = true)
    {
        Directory.CreateDirectory(ScreenshotFolder);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ScreenshotFolder, name + ".png"), FullPage = fullPage });
    }
}

[CollectionDefinition(Name)]
public sealed class ExplorerCollection : ICollectionFixture<ExplorerFixture>
{
    public const string Name = "explorer";
}
