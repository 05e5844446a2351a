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

    /// <summary>A fresh browser session signed in through the sign-in page (as the first admin unless told), then at
    /// <paramref name="path"/>.</summary>
    public async Task<IPage> OpenAsync(FarmFixture farm, string path, string? email = null, string? password = null)
    {
        // A context of its own (not NewPageAsync's hidden one), so a second tab can share the sign-in: OpenBesideAsync.
        var context = await chromium!.NewContextAsync(new BrowserNewContextOptions { BaseURL = farm.WebUrl.ToString() });
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout(30_000);
        await SignInAsync(page, email ?? FarmFixture.AdminEmail, password ?? FarmFixture.AdminPassword);
        await page.GotoAsync(path);
        return page;
    }

    /// <summary>Another tab of a signed-in session: it needs no sign-in, so it opens while the database is away.</summary>
    public static async Task<IPage> OpenBesideAsync(IPage signedIn, string path)
    {
        var page = await signedIn.Context.NewPageAsync();
        page.SetDefaultTimeout(30_000);
        await page.GotoAsync(path);
        return page;
    }

    public static async Task SignInAsync(IPage page, string email, string password)
    {
        await page.GotoAsync("account/login");
        await page.FillAsync("#email", email);
        await page.FillAsync("#password", password);
        await page.ClickAsync("#sign-in");
        await page.WaitForSelectorAsync("#sign-out");
    }

    public async ValueTask DisposeAsync()
    {
        if (chromium is not null)
            await chromium.DisposeAsync();
        playwright?.Dispose();
    }
}
