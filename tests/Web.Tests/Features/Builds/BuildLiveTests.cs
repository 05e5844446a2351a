using BuildFarm.Contracts;
using BuildFarm.Data;
using BuildFarm.Shared.Builds;
using BuildFarm.Web.Features.Builds;
using BuildFarm.Web.Tests.Components;
using Bunit;
using Microsoft.EntityFrameworkCore;

namespace BuildFarm.Web.Tests.Features.Builds;

/// <summary>The live build page in bUnit: what it shows, and how it moves when the farm or the user acts.</summary>
public sealed class BuildLiveTests : IAsyncLifetime
{
    readonly FarmComponents _farm = new();

    public Task InitializeAsync() => _farm.InitializeAsync();

    Task IAsyncLifetime.DisposeAsync() => ((IAsyncLifetime)_farm).DisposeAsync();

    /// <summary>Renders the page and waits for its first read of the build: the database answers after the first
    /// render, sooner on SQLite than on PostgreSQL.</summary>
    IRenderedComponent<BuildLive> Render(Guid id)
    {
        var page = _farm.Render<BuildLive>(p => p.Add(b => b.BuildId, id));
        page.WaitForState(() => page.FindAll("[data-testid=step-row]").Count > 0, TimeSpan.FromSeconds(10));
        return page;
    }

    [Fact]
    public async Task Should_rerender_a_step_row_when_a_step_event_arrives()
    {
        var build = SeededBuild.Running("gpu-1");
        await _farm.SeedAsync(build);
        var page = Render(build.Id);
        Assert.Equal("running", page.Find("[data-testid=step-row][data-index='2']").GetAttribute("data-status"));

        await _farm.Database.WithDbAsync(db => db.BuildSteps.Where(s => s.BuildId == build.Id && s.Index == 2)
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.Status, StepStatus.Done).SetProperty(x => x.DurationMs, 4200)));
        _farm.Live.NotifyBuildChanged(build.Id);

        // Well inside the page's 2 s poll: the notice, not the timer, re-rendered the row.
        page.WaitForAssertion(() =>
        {
            var row = page.Find("[data-testid=step-row][data-index='2']");
            Assert.Equal(("done", "4.2 s"), (row.GetAttribute("data-status"), row.QuerySelector("[data-testid=step-duration]")!.TextContent));
        }, TimeSpan.FromSeconds(1));
    }

    [Fact]
    public async Task Should_ask_the_scheduler_to_cancel_when_cancel_is_clicked()
    {
        var build = SeededBuild.Running("gpu-1");
        await _farm.SeedAsync(build);
        var page = Render(build.Id);

        page.Find("#cancel-build").Click();

        page.WaitForAssertion(() => Assert.Equal("Cancel requested.", page.Find("[data-testid=action-message]").TextContent));
        Assert.True(await _farm.Bus.Published.Any<BuildCancelRequested>(x => x.Context.Message.BuildId == build.Id));
        Assert.True(await _farm.Database.WithDbAsync(db => db.Builds.Where(b => b.Id == build.Id).Select(b => b.CancelRequested).SingleAsync()));
        Assert.Equal("Cancelling…", page.Find("#cancel-build").TextContent.Trim());
    }

    [Fact]
    public async Task Should_open_the_failed_steps_log_with_colours_rendered_and_html_as_text()
    {
        var build = SeededBuild.Failed("gpu-1");
        await _farm.SeedAsync([build, .. SeededBuild.Log(build, 2,
            "Collecting torch\n<script>alert(1)</script>",
            "\u001b[31mERROR: No matching distribution found for torch==9.9\u001b[0m")]);

        var page = Render(build.Id);

        // The log is read after the steps, in a pass of its own.
        page.WaitForAssertion(() => Assert.Contains("ERROR", page.Find("[data-testid=log-row][data-index='2'] [data-testid=step-log]").TextContent),
            TimeSpan.FromSeconds(10));
        var log = page.Find("[data-testid=log-row][data-index='2'] [data-testid=step-log]");
        Assert.Empty(log.QuerySelectorAll("script"));
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;", log.InnerHtml);
        Assert.Equal("ERROR: No matching distribution found for torch==9.9", log.QuerySelector(".ansi-fg-red")!.TextContent);
        Assert.DoesNotContain("\u001b", log.TextContent, StringComparison.Ordinal);
        Assert.Equal($"builds/{build.Id}/steps/2/log?attempt=1", page.Find("[data-testid=log-download]").GetAttribute("href"));
    }

    [Fact]
    public async Task Should_open_any_finished_steps_log_on_click_and_follow_a_running_one()
    {
        var build = SeededBuild.Running("gpu-1");
        await _farm.SeedAsync([build, .. SeededBuild.Log(build, 1, "Successfully installed numpy-2.0.0"),
            .. SeededBuild.Log(build, 2, "Collecting torch==2.3.0")]);
        var page = Render(build.Id);
        Assert.Single(page.FindAll("[data-testid=log-row]"));

        page.Find("[data-testid=step-row][data-index='1'] [data-testid=log-toggle]").Click();

        page.WaitForAssertion(() => Assert.Contains("Successfully installed numpy-2.0.0", page.Find("[data-testid=log-row][data-index='1']").TextContent));
        await _farm.SeedAsync(new BuildLogChunk { BuildId = build.Id, Attempt = 1, StepIndex = 2, Seq = 1, Text = "Downloading torch (780 MB)", Bytes = 27 });
        _farm.Live.NotifyBuildChanged(build.Id);
        page.WaitForAssertion(() => Assert.Equal("Collecting torch==2.3.0Downloading torch (780 MB)",
            page.Find("[data-testid=log-row][data-index='2'] .log").TextContent.Trim()));
    }

    [Fact]
    public async Task Should_show_where_the_log_was_cut()
    {
        var build = SeededBuild.Failed("gpu-1");
        build.LogCut = true;
        var cut = SeededBuild.Log(build, 2, "last kept line\n" + BuildLogLimits.CutNote(BuildLogLimits.DefaultBudgetBytes));
        cut[0].Cut = true;
        await _farm.SeedAsync([build, .. cut]);

        var page = Render(build.Id);

        page.WaitForElement("[data-testid=log-cut]", TimeSpan.FromSeconds(10));
        Assert.Equal("log cut here: the build's log passed 20 MiB; later lines were not kept", page.Find("[data-testid=log-cut]").TextContent);
        Assert.Equal("last kept line", page.Find(".log-chunk").TextContent);
    }

    [Fact]
    public async Task Should_show_the_latest_attempt_and_open_an_earlier_one_lost_to_a_vanished_agent()
    {
        var build = await SeedTwoAttemptsAsync();
        var page = Render(build.Id);
        Assert.Equal(["2", "2", "2"], page.FindAll("[data-testid=step-row]").Select(r => r.GetAttribute("data-attempt")));
        Assert.Equal(["false", "true"], page.FindAll("[data-testid=attempt]").Select(a => a.GetAttribute("aria-pressed")));

        page.Find("[data-testid=attempt][data-attempt='1']").Click();

        page.WaitForAssertion(() => Assert.Equal([("1", "gpu-1", "cached"), ("1", "gpu-1", "lost")],
            page.FindAll("[data-testid=step-row]").Select(r => (r.GetAttribute("data-attempt"), r.GetAttribute("data-agent"), r.GetAttribute("data-status")))));
        var note = page.Find("[data-testid=attempt-note]");
        Assert.Equal("lost", note.GetAttribute("data-outcome"));
        Assert.Contains("gpu-1 and was lost when the agent went away: gpu-1 went offline (no heartbeat for 30 s)", note.TextContent);
    }

    [Fact]
    public async Task Should_open_the_attempt_a_link_names()
    {
        var build = await SeedTwoAttemptsAsync();

        var page = _farm.Render<BuildLive>(p => p.Add(b => b.BuildId, build.Id).Add(b => b.Attempt, 1));

        page.WaitForAssertion(() => Assert.Equal(["1", "1"], page.FindAll("[data-testid=step-row]").Select(r => r.GetAttribute("data-attempt"))),
            TimeSpan.FromSeconds(10));
        Assert.Equal(["true", "false"], page.FindAll("[data-testid=attempt]").Select(a => a.GetAttribute("aria-pressed")));
    }

    async Task<Build> SeedTwoAttemptsAsync()
    {
        var build = SeededBuild.Running("gpu-2");
        build.Attempt = 2;
        foreach (var step in build.Steps)
            (step.Attempt, step.AgentId) = (2, "gpu-2");
        var lost = SeededBuild.Step(0, "FROM localhost:5000/demo/base:1", cached: true, ms: 5);
        (lost.Attempt, lost.AgentId, lost.BuildId) = (1, "gpu-1", build.Id);
        var pip = SeededBuild.Step(1, "RUN pip install -r requirements.txt", cached: false, ms: 0);
        (pip.Attempt, pip.AgentId, pip.BuildId, pip.Status, pip.CompletedAt, pip.DurationMs) = (1, "gpu-1", build.Id, StepStatus.Lost, null, null);
        build.Attempts =
        [
            new() { Number = 1, AgentId = "gpu-1", AssignedAt = SeededBuild.T0, Outcome = AttemptOutcome.Lost,
                Reason = "gpu-1 went offline (no heartbeat for 30 s)", EndedAt = SeededBuild.T0.AddMinutes(2) },
            new() { Number = 2, AgentId = "gpu-2", AssignedAt = SeededBuild.T0.AddMinutes(2), Outcome = AttemptOutcome.Running },
        ];
        await _farm.SeedAsync([build, lost, pip]);
        return build;
    }
}
