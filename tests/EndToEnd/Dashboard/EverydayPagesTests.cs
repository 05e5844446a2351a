using BuildFarm.EndToEnd.Farm;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace BuildFarm.EndToEnd.Dashboard;

/// <summary>The build pages as a team uses them every day, in a real browser: an impatient double click, a search.</summary>
[Collection(FarmCollection.Name)]
public sealed class EverydayPagesTests(FarmFixture farm) : IAsyncLifetime
{
    static readonly LocatorAssertionsToHaveTextOptions BuildTime = new() { Timeout = 180_000 };
    Browser? browser;

    public async Task InitializeAsync()
    {
        if (farm.Services is not null)
            browser = await Browser.LaunchAsync();
    }

    [EndToEndFact]
    public async Task Should_queue_one_build_when_Queue_is_double_clicked()
    {
        var repository = farm.NewRepository("double-click");
        var page = await browser!.OpenAsync(farm, "builds/new");
        await page.FillAsync("#repository", repository.Url);

        await page.DblClickAsync("#submit-build");

        await page.WaitForURLAsync(url => url.Contains("/builds/", StringComparison.Ordinal) && !url.EndsWith("/new", StringComparison.Ordinal),
            new() { WaitUntil = WaitUntilState.Commit });
        // The build running to its end is the window in which a second post would have landed and been queued.
        await Expect(page.GetByTestId("build-status")).ToHaveTextAsync("succeeded", BuildTime);
        var builds = await farm.Api.JsonAsync($"/api/builds?repository={Uri.EscapeDataString(repository.Url)}");
        Assert.Equal(1, builds.GetArrayLength());
    }

    [EndToEndFact]
    public async Task Should_find_a_build_by_a_fragment_of_its_repository_and_by_its_commit_from_the_list()
    {
        var wanted = farm.NewRepository("search-wanted");
        var other = farm.NewRepository("search-other");
        var wantedId = await farm.Api.SubmitAsync(wanted.Url);
        var otherId = await farm.Api.SubmitAsync(other.Url);
        var commit = (await farm.Api.JsonAsync($"/api/builds/{wantedId}")).GetProperty("commit").GetString()!;
        var page = await browser!.OpenAsync(farm, "builds");

        await page.FillAsync("#filter-q", "search-wanted");
        await page.ClickAsync("#filter-apply");

        var rows = page.GetByTestId("build-row");
        await Expect(rows).ToHaveCountAsync(1);
        await Expect(rows).ToHaveAttributeAsync("data-build-id", wantedId.ToString());

        await page.FillAsync("#filter-q", "");
        await page.FillAsync("#filter-commit", commit[..10]);
        await page.ClickAsync("#filter-apply");

        // Both repositories are copies of the demo at the same content, but each commit carries its own nonce.
        await Expect(rows).ToHaveCountAsync(1);
        await Expect(rows).ToHaveAttributeAsync("data-build-id", wantedId.ToString());
        await Expect(page.Locator("#filter-commit")).ToHaveValueAsync(commit[..10]);
        // The tests after this one expect idle agents.
        await farm.Api.WaitForFinishAsync(wantedId);
        await farm.Api.WaitForFinishAsync(otherId);
    }

    public async Task DisposeAsync()
    {
        if (browser is not null)
            await browser.DisposeAsync();
    }
}
