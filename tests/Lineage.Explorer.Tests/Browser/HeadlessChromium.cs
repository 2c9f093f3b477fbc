using Microsoft.Playwright;

namespace Lineage.Explorer.Tests.Browser;

/// <summary>
/// Debian's Chromium (<c>apt-get install chromium</c>, see scripts/setup.sh) driven by Playwright's bundled driver: no
/// browser is downloaded. <c>LINEAGE_CHROMIUM</c> points elsewhere when the browser lives elsewhere.
/// </summary>
public sealed class HeadlessChromium : IAsyncDisposable
{
    public static string ExecutablePath => Environment.GetEnvironmentVariable("LINEAGE_CHROMIUM") is { Length: > 0 } path ? path : "/usr/bin/chromium";

    private readonly IPlaywright _playwright;

    private HeadlessChromium(IPlaywright playwright, IBrowser browser) => (_playwright, Browser) = (playwright, browser);

    public IBrowser Browser { get; }

    public static async Task<HeadlessChromium> LaunchAsync()
    {
        if (!File.Exists(ExecutablePath))
            throw new InvalidOperationException($"no Chromium at {ExecutablePath}: run scripts/setup.sh (it installs Debian's chromium) or set LINEAGE_CHROMIUM");
        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ExecutablePath,
            Headless = true,
            // Root in a container has no user namespace sandbox; the pages are our own, on loopback.
            Args = ["--no-sandbox", "--disable-dev-shm-usage"],
        });
        return new HeadlessChromium(playwright, browser);
    }

    /// <summary>A fresh context (own cookies) with a desktop-sized viewport, at the host's address, sending
    /// <paramref name="apiKey"/> with every request when one is given (the login form's cookie is tested apart).</summary>
    public Task<IBrowserContext> ContextAsync(Uri baseAddress, string? apiKey = null) => Browser.NewContextAsync(new BrowserNewContextOptions
    {
        BaseURL = baseAddress.ToString(),
        ExtraHTTPHeaders = apiKey is null ? null : new Dictionary<string, string> { ["X-Api-Key"] = apiKey },
        ViewportSize = new ViewportSize { Width = 1440, Height = 1000 },
        DeviceScaleFactor = 1,
    });

    public async ValueTask DisposeAsync()
    {
        await Browser.DisposeAsync();
        _playwright.Dispose();
    }
}
