using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace BuildFarm.EndToEnd.Dashboard;

/// <summary>What a build page shows while its build runs, read the way a person watching it would.</summary>
public static class LivePage
{
    /// <summary>The running step's clock, which only moves when the page's circuit re-renders it.</summary>
    public static ILocator RunningClock(IPage page) =>
        page.Locator("[data-testid=step-row][data-status=running] [data-testid=step-duration]").First;

    /// <summary>Waits until the page is fed by its circuit: the prerendered page shows the same numbers until then.</summary>
    public static async Task WaitUntilLiveAsync(IPage page)
    {
        var clock = RunningClock(page);
        var shown = await clock.InnerTextAsync();
        await Expect(clock).Not.ToHaveTextAsync(shown, new() { Timeout = 60_000 });
    }
}
