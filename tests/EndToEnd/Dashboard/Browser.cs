using BuildFarm.EndToEnd.Farm;
using Microsoft.Playwright;

namespace BuildFarm.EndToEnd.Dashboard;

/// <summary>Debian's chromium driven by Playwright; `playwright install` cannot download browsers on these machines.</summary>
public sealed class Browser : IAsyncDisposable
{
    static readonly string[] ChromiumArgs =
    [
        "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run",
    ];

    IPlaywright? playwright;
    IBrowser? chromium;

    public static async Task<Browser> LaunchAsync()
    {
        var browser = new Browser { playwright = await Playwright.CreateAsync() };
        browser.chromium = await browser.playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Environment.GetEnvironmentVariable("BUILDFARM_TEST_CHROMIUM") ?? "/usr/bin/chromium",
            Args = ChromiumArgs,
            Headless = true,
        });
        return browser;
    }

    public async Task<IPage> OpenAsync(FarmFixture farm, string path)
    {
        var page = await chromium!.NewPageAsync(new BrowserNewPageOptions { BaseURL = farm.WebUrl.ToString() });
        page.SetDefaultTimeout(30_000);
        await page.GotoAsync(path);
        return page;
    }

    public async ValueTask DisposeAsync()
    {
        if (chromium is not null)
            await chromium.DisposeAsync();
        playwright?.Dispose();
    }
}
