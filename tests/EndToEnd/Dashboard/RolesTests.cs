using System.Net;
using BuildFarm.EndToEnd.Farm;
using static Microsoft.Playwright.Assertions;

namespace BuildFarm.EndToEnd.Dashboard;

/// <summary>The same running build seen by a Viewer and by a Member in a real browser: the Viewer finds nothing that
/// queues or cancels (and the API refuses the Viewer's token too); the Member's Queue and Cancel work.</summary>
[Collection(FarmCollection.Name)]
public class RolesTests(FarmFixture farm) : IAsyncLifetime
{
    const int SleepSeconds = 120;
    const string Password = "correct horse battery staple";
    Browser? browser;

    public async Task InitializeAsync()
    {
        if (farm.Services is not null)
            browser = await Browser.LaunchAsync();
    }

    [EndToEndFact]
    public async Task Should_give_a_viewer_no_working_queue_or_cancel_and_a_member_both()
    {
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var viewerId = await farm.Api.AddPersonAsync($"viewer-{suffix}@e2e.example", "Viewer", Password);
        await farm.Api.AddPersonAsync($"member-{suffix}@e2e.example", "Member", Password);
        var running = await LongStep.StartAsync(farm.Api, LongStep.Repository(farm, "roles-" + suffix, SleepSeconds), SleepSeconds);

        var viewer = await browser!.OpenAsync(farm, "builds/new", $"viewer-{suffix}@e2e.example", Password);
        await Expect(viewer.GetByTestId("viewer-notice")).ToBeVisibleAsync();
        await Expect(viewer.Locator("#submit-build")).ToHaveCountAsync(0);
        await viewer.GotoAsync($"builds/{running}");
        await Expect(viewer.GetByTestId("build-status")).ToHaveTextAsync("running");
        await LivePage.WaitUntilLiveAsync(viewer);
        await Expect(viewer.Locator("#cancel-build")).ToHaveCountAsync(0);
        await Expect(viewer.Locator("#rebuild")).ToHaveCountAsync(0);
        using var viewerApi = await farm.Api.AsAsync(viewerId);
        using var refusedCancel = await viewerApi.PostAsync($"/api/builds/{running}/cancel", new { });
        using var refusedQueue = await viewerApi.PostAsync("/api/builds", new { repository = farm.DemoRepository.Url, @ref = "main" });
        Assert.Equal((HttpStatusCode.Forbidden, HttpStatusCode.Forbidden), (refusedCancel.StatusCode, refusedQueue.StatusCode));
        Assert.Equal("running", (await farm.Api.BuildAsync(running)).Status);

        var member = await browser.OpenAsync(farm, $"builds/{running}", $"member-{suffix}@e2e.example", Password);
        await LivePage.WaitUntilLiveAsync(member);
        await member.ClickAsync("#cancel-build");
        await Expect(member.GetByTestId("build-status")).ToHaveTextAsync("cancelled", new() { Timeout = 60_000 });
        await member.GotoAsync("builds/new");
        await Expect(member.Locator("#submit-build")).ToBeVisibleAsync();
    }

    public async Task DisposeAsync()
    {
        if (browser is not null)
            await browser.DisposeAsync();
    }
}
