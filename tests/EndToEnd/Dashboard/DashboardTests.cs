using System.Text.RegularExpressions;
using BuildFarm.EndToEnd.Farm;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace BuildFarm.EndToEnd.Dashboard;

/// <summary>What a newcomer does first, in a real browser: build the demo in one click, watch it, build it again.</summary>
[Collection(FarmCollection.Name)]
public partial class DashboardTests(FarmFixture farm) : IAsyncLifetime
{
    static readonly LocatorAssertionsToHaveTextOptions BuildTime = new() { Timeout = 180_000 };
    /// <summary>Blazor moves between pages in the same document (enhanced navigation), so no load event follows.</summary>
    static readonly PageWaitForURLOptions SameDocument = new() { WaitUntil = WaitUntilState.Commit };
    Browser? browser;

    public async Task InitializeAsync()
    {
        if (farm.Services is not null)
            browser = await Browser.LaunchAsync();
    }

    [EndToEndFact]
    public async Task Should_build_the_demo_from_the_form_show_steps_live_and_mark_the_rebuild_cached()
    {
        var page = await browser!.OpenAsync(farm, "builds/new");
        await Expect(page.Locator("#repository")).ToHaveValueAsync(farm.DemoRepository.Url);

        await page.ClickAsync("#submit-build");

        await page.WaitForURLAsync(BuildUrl(), SameDocument);
        // A step shown running while the build runs: the page is fed live, nobody reloads it.
        await page.Locator("[data-testid=step-row][data-status=running]").First.WaitForAsync(new() { Timeout = 120_000 });
        await Expect(page.GetByTestId("build-status")).ToHaveTextAsync("succeeded", BuildTime);
        // This demo's dependency list is new to every engine, so that step really ran (WORKDIR may come cached).
        var dependencies = page.GetByTestId("step-row").Filter(new() { HasText = "pip install" });
        await Expect(dependencies).ToHaveAttributeAsync("data-cached", "false");
        var firstBuild = page.Url;

        await page.ClickAsync("#rebuild");

        await page.WaitForURLAsync(url => url != firstBuild && BuildUrl().IsMatch(url), SameDocument);
        await Expect(page.GetByTestId("build-status")).ToHaveTextAsync("succeeded", BuildTime);
        var steps = StepsAfterFrom(page);
        // The status and the last step rows arrive in separate live updates: wait for the sixth row, not a count taken at once.
        await Expect(steps.Nth(5)).ToBeVisibleAsync();
        foreach (var row in await steps.AllAsync())
            await Expect(row.GetByTestId("cached-mark")).ToHaveTextAsync("CACHED");
    }

    [EndToEndFact]
    public async Task Should_list_both_agents_online_on_the_agents_page()
    {
        await farm.WaitForAgentsOnlineAsync(FarmFixture.AgentA, FarmFixture.AgentB);

        var page = await browser!.OpenAsync(farm, "agents");

        var rows = page.GetByTestId("agent-row");
        await Expect(rows).ToHaveCountAsync(2);
        foreach (var agent in new[] { FarmFixture.AgentA, FarmFixture.AgentB })
        {
            var row = rows.Filter(new() { Has = page.GetByTestId("agent-name").GetByText(agent, new() { Exact = true }) });
            await Expect(row.GetByTestId("agent-status")).ToHaveTextAsync("online");
            await Expect(row.GetByTestId("agent-docker")).ToContainTextAsync(new Regex(@"\d+\.\d+"));
        }
    }

    /// <summary>BuildKit's cached flag on FROM says nothing (CACHED on a first pull), so the checks skip it.</summary>
    static ILocator StepsAfterFrom(IPage page) => page.GetByTestId("step-row").Filter(new() { HasNotText = "FROM " });

    [GeneratedRegex("/builds/[0-9a-f-]{36}$")]
    private static partial Regex BuildUrl();

    public async Task DisposeAsync()
    {
        if (browser is not null)
            await browser.DisposeAsync();
    }
}
