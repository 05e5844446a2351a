using BuildFarm.Contracts;
using BuildFarm.Shared.Builds;
using BuildFarm.Web.Features.Builds;
using BuildFarm.Web.Tests.Components;
using Bunit;
using Microsoft.EntityFrameworkCore;

namespace BuildFarm.Web.Tests.Features.Builds;

/// <summary>The build page as a team uses it every day: rebuilding, hearing that a build ended, a cancelled build.</summary>
public sealed class BuildLiveEverydayTests : IAsyncLifetime
{
    readonly FarmComponents _farm = new();

    public Task InitializeAsync() => _farm.InitializeAsync();

    Task IAsyncLifetime.DisposeAsync() => ((IAsyncLifetime)_farm).DisposeAsync();

    IRenderedComponent<BuildLive> Render(Guid id)
    {
        var page = _farm.Render<BuildLive>(p => p.Add(b => b.BuildId, id));
        page.WaitForState(() => page.FindAll("[data-testid=build-status]").Count > 0, TimeSpan.FromSeconds(10));
        return page;
    }

    async Task<BuildFarm.Data.Build> RebuiltFromAsync(Guid original) =>
        await _farm.Database.WithDbAsync(db => db.Builds.AsNoTracking().Include(b => b.Events)
            .SingleAsync(b => b.Id != original && b.Repository == db.Builds.Single(o => o.Id == original).Repository));

    [Theory]
    [InlineData("#rebuild", true)]
    [InlineData("#rebuild-tip", false)]
    public async Task Should_rebuild_the_same_commit_or_the_branchs_tip(string button, bool sameCommit)
    {
        var build = SeededBuild.Finished("gpu-1");
        build.Commit = "0123456789abcdef0123456789abcdef01234567";
        await _farm.SeedAsync(build);
        var page = Render(build.Id);

        page.Find(button).Click();

        // This farm does not plan at submit, so the commit can only be held by building it by name.
        var rebuilt = await Eventually(() => RebuiltFromAsync(build.Id));
        Assert.Equal(sameCommit ? build.Commit : "main", rebuilt.Ref);
        Assert.Contains(sameCommit ? "at commit 0123456789ab" : "at the tip of main", rebuilt.Events.Single().Message);
    }

    [Fact]
    public async Task Should_announce_in_a_live_region_when_the_build_it_shows_finishes()
    {
        var build = SeededBuild.Running("gpu-1");
        await _farm.SeedAsync(build);
        var page = Render(build.Id);
        Assert.Equal("", page.Find("[data-testid=build-announcement]").TextContent);
        Assert.Equal("polite", page.Find("[data-testid=build-announcement]").GetAttribute("aria-live"));

        await _farm.Database.WithDbAsync(db => db.Builds.Where(b => b.Id == build.Id)
            .ExecuteUpdateAsync(s => s.SetProperty(b => b.Status, BuildStatus.Succeeded).SetProperty(b => b.FinishedAt, SeededBuild.T0.AddMinutes(1))));
        _farm.Live.NotifyBuildChanged(build.Id);

        page.WaitForAssertion(() => Assert.Equal($"Build {build.Id.ToString("N")[^8..]} succeeded.",
            page.Find("[data-testid=build-announcement]").TextContent), TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task Should_say_a_build_cancelled_while_queued_never_reached_an_agent_and_show_no_wait()
    {
        var build = SeededBuild.Queued("all 2 online agents are busy");
        (build.Status, build.CancelRequested, build.FinishedAt) = (BuildStatus.Cancelled, true, SeededBuild.T0.AddMinutes(1));
        await _farm.SeedAsync(build);

        var page = Render(build.Id);

        Assert.Equal("none: it never reached an agent", page.Find("[data-testid=build-agent]").TextContent.Trim());
        Assert.Empty(page.FindAll("[data-testid=waiting-reason]"));
        Assert.DoesNotContain("not chosen yet", page.Markup);
        Assert.Contains("· cancelled", page.Markup);
    }

    [Fact]
    public async Task Should_show_a_check_command_as_it_was_typed()
    {
        const string typed = "python -c \"import torch; assert torch.cuda.is_available()\"";
        var build = SeededBuild.Finished("gpu-1");
        build.CheckJson = System.Text.Json.JsonSerializer.Serialize(
            new BuildCheck(["python", "-c", "import torch; assert torch.cuda.is_available()"], false, Typed: typed), System.Text.Json.JsonSerializerOptions.Web);
        await _farm.SeedAsync(build);

        var page = Render(build.Id);

        Assert.Equal(typed, page.Find("[data-testid=check-command]").TextContent);
    }

    static async Task<T> Eventually<T>(Func<Task<T>> read)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            try
            {
                return await read();
            }
            catch (InvalidOperationException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(50);
            }
        }
    }
}
