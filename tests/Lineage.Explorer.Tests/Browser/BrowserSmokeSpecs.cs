namespace Lineage.Explorer.Tests.Browser;

[Trait("Category", "Integration")]
public class BrowserSmokeSpecs
{
    [Fact]
    public async Task playwrights_bundled_driver_drives_debians_chromium_offline()
    {
        await using var chromium = await HeadlessChromium.LaunchAsync();
        var page = await chromium.Browser.NewPageAsync();
        await page.SetContentAsync("<p id='x'>4</p><script>document.getElementById('x').textContent = String(6 * 7)</script>");
        Assert.Equal("42", await page.TextContentAsync("#x"));
        Assert.Contains("Chrom", chromium.Browser.BrowserType.Name, StringComparison.OrdinalIgnoreCase);
    }
}
