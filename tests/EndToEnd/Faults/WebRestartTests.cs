using System.Diagnostics;
using BuildFarm.EndToEnd.Dashboard;
using BuildFarm.EndToEnd.Farm;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace BuildFarm.EndToEnd.Faults;

/// <summary>
/// Web is killed and started again (same port, same data) while a person watches a running build. Blazor Server keeps
/// a page's state in a circuit on the server, which the restart ends; the page must come back by itself and stay live.
/// </summary>
[Collection(FarmCollection.Name)]
public class WebRestartTests(FarmFixture farm, ITestOutputHelper output) : IAsyncLifetime
{
    /// <summary>How long Web stays down before it is started again: a slow deploy. Past Blazor's own first minute of
    /// reconnecting, after which it only asks every 30 s (and gives up after about six minutes).</summary>
    static readonly TimeSpan Down = TimeSpan.FromSeconds(50);
    /// <summary>How soon after Web answers again the page must be back: a couple of its reconnect intervals.</summary>
    static readonly TimeSpan BackWithin = TimeSpan.FromSeconds(8);
    /// <summary>Ten steps of 8 s: the build outlasts Web's restart, so steps start after the page came back.</summary>
    static readonly string[] LongSteps = ["one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"];
    static readonly LocatorAssertionsToHaveTextOptions BuildTime = new() { Timeout = 240_000 };

    Browser? browser;

    public async Task InitializeAsync()
    {
        if (farm.Services is not null)
            browser = await Browser.LaunchAsync();
    }

    [EndToEndFact]
    public async Task Should_bring_an_open_build_page_back_by_itself_after_web_restarts_and_keep_showing_its_steps_live()
    {
        var id = await SubmitLongAsync("web-restart");
        await farm.Api.WaitForAsync(id, b => b.Steps.Any(s => IsLong(s.Instruction) && s.Status == "running"), "reached a long step");
        var page = await browser!.OpenAsync(farm, $"builds/{id}");
        await LivePage.WaitUntilLiveAsync(page);
        var clock = Stopwatch.StartNew();
        var reloaded = new TaskCompletionSource<TimeSpan>(TaskCreationOptions.RunContinuationsAsynchronously);
        page.Load += (_, _) => reloaded.TrySetResult(clock.Elapsed);
        var startedBefore = (await farm.Api.BuildAsync(id)).Steps.Where(s => IsLong(s.Instruction)).Select(s => s.Index).ToHashSet();

        await farm.KillWebAsync();
        var modal = page.Locator("#components-reconnect-modal");
        await Expect(modal).ToBeVisibleAsync(new() { Timeout = 30_000 });
        // Shown once it has faded in and says it is trying again, as a person sees it.
        await Expect(page.Locator(".components-reconnect-repeated-attempt-visible")).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await page.WaitForFunctionAsync("() => getComputedStyle(document.getElementById('components-reconnect-modal')).opacity === '1'");
        var screenshots = await Screenshots.TakeAsync(page, Path.Combine(farm.RunDir, "screenshots"), "web-down-reconnecting");
        await Task.Delay(Down); // the outage itself
        await farm.RestartWebAsync();
        await Eventually.Until(farm.Api.AgentsAsync, _ => true, TimeSpan.FromSeconds(120), _ => "Web never answered again");
        var answered = clock.Elapsed;

        // Back by itself, soon after Web: nobody reloads or clicks, and the page is fed by a circuit again.
        var back = await reloaded.Task.WaitAsync(TimeSpan.FromSeconds(120));
        await Expect(modal).ToBeHiddenAsync();
        await Expect(page.GetByTestId("build-status")).ToHaveTextAsync("succeeded", BuildTime);
        var later = page.GetByTestId("step-row").Filter(new() { HasText = "echo ten" });
        await Expect(later).ToHaveAttributeAsync("data-status", "done");
        var build = await farm.Api.BuildAsync(id);
        var startedAfter = build.Steps.Where(s => IsLong(s.Instruction) && !startedBefore.Contains(s.Index)).ToList();
        output.WriteLine($"Web answered again {answered.TotalSeconds:0.0} s after it was killed ({Down.TotalSeconds:0} s down); " +
            $"the page reloaded itself at {back.TotalSeconds:0.0} s, {(back - answered).TotalSeconds:0.0} s after; long steps started " +
            $"while Web was away or after: {startedAfter.Count} of {LongSteps.Length}; screenshots: {string.Join(", ", screenshots)}");
        Assert.True(back - answered < BackWithin, $"the page came back {(back - answered).TotalSeconds:0.0} s after Web answered");
        Assert.NotEmpty(startedAfter);
        foreach (var step in startedAfter)
            await Expect(page.Locator($"[data-testid=step-row][data-index='{step.Index}']")).ToHaveAttributeAsync("data-status", "done");
        Assert.Equal(1, build.Attempt);
    }

    static bool IsLong(string instruction) => LongSteps.Any(n => instruction.Contains($"echo {n} ", StringComparison.Ordinal));

    async Task<Guid> SubmitLongAsync(string name)
    {
        var repository = farm.NewRepository(name);
        var dockerfile = File.ReadAllText(Path.Combine(repository.Path, "Dockerfile")).Replace("CMD [",
            string.Concat(LongSteps.Select(n => $"RUN echo {n} && sleep 8\n")) + "CMD [", StringComparison.Ordinal);
        repository.Write("Dockerfile", dockerfile);
        repository.Commit("Add long steps");
        return await farm.Api.SubmitAsync(repository.Url);
    }

    public async Task DisposeAsync()
    {
        if (browser is not null)
            await browser.DisposeAsync();
    }
}
