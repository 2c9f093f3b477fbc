using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Lineage.Explorer.Tests.Browser;

/// <summary>Reading what a person reads off a page: numbers as shown ("1,234"), texts trimmed, row ids in order.</summary>
public static class PageText
{
    public static async Task<long> NumberAsync(IPage page, string selector)
    {
        var text = (await page.Locator(selector).First.TextContentAsync())?.Trim() ?? "";
        return long.Parse(text.Replace(",", ""), NumberStyles.None, CultureInfo.InvariantCulture);
    }

    public static async Task<string> TextAsync(IPage page, string selector) =>
        (await page.Locator(selector).First.TextContentAsync())?.Trim() ?? "";

    /// <summary>The example ids of the table's rows, top to bottom.</summary>
    public static async Task<IReadOnlyList<string>> RowIdsAsync(IPage page) =>
        await page.Locator("tr[data-example]").EvaluateAllAsync<string[]>("rows => rows.map(r => r.dataset.example)");

    /// <summary>Waits until the table's total is counted (it may arrive after the rows) and returns it.</summary>
    public static async Task<long> MatchCountAsync(IPage page)
    {
        await page.WaitForFunctionAsync("() => { const e = document.querySelector('[data-testid=match-count]'); return e && /^[0-9,]+$/.test(e.textContent.trim()); }");
        return await NumberAsync(page, "[data-testid=match-count]");
    }

    /// <summary>
    /// Waits until the address bar matches, by polling it. <c>WaitForURLAsync</c> waits for a navigation event, and
    /// one that lands between its check of the address and its subscription (a pushState from the page's script) is
    /// never seen: it then waits out its whole timeout (seen once in CI).
    /// </summary>
    public static Task AddressAsync(IPage page, Regex pattern) =>
        Assertions.Expect(page).ToHaveURLAsync(pattern, new PageAssertionsToHaveURLOptions { Timeout = 90_000 });
}
