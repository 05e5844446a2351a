using System.Globalization;
using System.Text.RegularExpressions;
using AngleSharp.Dom;
using BuildFarm.Web.Features.Builds;
using Bunit;
using Microsoft.AspNetCore.Components;

namespace BuildFarm.Web.Tests.Features.Builds;

public partial class StepTableTests : BunitContext
{
    static readonly DateTimeOffset Now = new(2026, 3, 1, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Should_mark_cached_steps_and_only_those()
    {
        var rows = Rows(Render(
            Step(0, "FROM base", cached: true, ms: 10),
            Step(1, "RUN make", cached: false, ms: 4000),
            Step(2, "COPY . /src", cached: true, ms: 20)));

        Assert.Equal(3, rows.Count);
        Assert.Equal(["true", "false", "true"], rows.Select(r => r.GetAttribute("data-cached")));
        Assert.Equal([true, false, true], rows.Select(r => r.QuerySelector("[data-testid=cached-mark]")?.TextContent == "CACHED"));
    }

    [Fact]
    public void Should_scale_each_duration_bar_to_the_longest_step()
    {
        var table = Render(
            Step(0, "FROM base", cached: true, ms: 0),
            Step(1, "RUN pip install torch", cached: false, ms: 8000),
            Step(2, "RUN python -c 'import torch'", cached: false, ms: 2000));

        var rows = Rows(table);
        Assert.Equal([0.5, 100, 25], rows.Select(BarWidth));
        Assert.Equal(["0 ms", "8.0 s", "2.0 s"], rows.Select(r => r.QuerySelector("[data-testid=step-duration]")!.TextContent));
    }

    [Fact]
    public void Should_grow_a_running_step_against_the_clock()
    {
        var running = Step(1, "RUN long", cached: false, ms: null) with { Status = "running", StartedAt = Now.AddSeconds(-6) };

        var rows = Rows(Render(Step(0, "FROM base", cached: false, ms: 3000), running));

        Assert.Equal("running", rows[1].GetAttribute("data-status"));
        Assert.Equal([50, 100], rows.Select(BarWidth));
        Assert.Equal("6.0 s", rows[1].QuerySelector("[data-testid=step-duration]")!.TextContent);
    }

    [Fact]
    public void Should_show_a_failed_step_with_its_error()
    {
        var failed = Step(1, "RUN exit 3", cached: false, ms: 150) with { Status = "failed", Error = "exit code: 3" };

        var row = Rows(Render(Step(0, "FROM base", cached: true, ms: 1), failed))[1];

        Assert.Equal("failed", row.GetAttribute("data-status"));
        Assert.Equal("exit code: 3", row.QuerySelector("[data-testid=step-error]")!.TextContent);
        Assert.Null(row.QuerySelector("[data-testid=cached-mark]"));
    }

    [Fact]
    public void Should_say_when_there_are_no_steps_yet()
    {
        var table = Render();

        Assert.NotNull(table.Find("[data-testid=no-steps]"));
        Assert.Empty(Rows(table));
    }

    [Fact]
    public void Should_name_each_rows_attempt_and_agent()
    {
        var row = Rows(Render(Step(0, "FROM base", cached: true, ms: 1) with { Attempt = 2, Agent = "gpu-2" }))[0];

        Assert.Equal(("2", "gpu-2"), (row.GetAttribute("data-attempt"), row.GetAttribute("data-agent")));
    }

    [Fact]
    public void Should_open_the_log_beneath_the_rows_it_is_told_and_ask_to_toggle_a_clicked_row()
    {
        var toggled = new List<int>();
        var open = new HashSet<int> { 2 };
        var table = Render<StepTable>(p => p
            .Add(t => t.Steps, [Step(0, "FROM base", true, 1), Step(1, "RUN make", false, 20), Step(2, "RUN test", false, 30)])
            .Add(t => t.Now, Now)
            .Add(t => t.IsOpen, s => open.Contains(s.Index))
            .Add(t => t.OnToggle, (StepView s) => toggled.Add(s.Index))
            .Add(t => t.Log, (RenderFragment<StepView>)(s => b => b.AddMarkupContent(0, $"<p class=\"fake-log\">log of {s.Index}</p>"))));

        var logRow = table.Find("[data-testid=log-row]");
        Assert.Equal(("2", "log of 2"), (logRow.GetAttribute("data-index"), logRow.TextContent.Trim()));
        Assert.Single(table.FindAll("[data-testid=log-row]"));
        Assert.Equal(["false", "false", "true"], table.FindAll("[data-testid=log-toggle]").Select(b => b.GetAttribute("aria-expanded")));

        table.FindAll("[data-testid=log-toggle]")[1].Click();

        Assert.Equal([1], toggled);
    }

    [Fact]
    public void Should_list_the_plans_steps_not_reached_yet_greyed_with_their_predicted_time_and_an_eta()
    {
        // FROM is reported with the digest BuildKit pinned, and without a key until it completes: matched by its text.
        PlannedStepView[] plan =
        [
            new("k0", "stage-0", "FROM python:3.11", 0, ExpectedCached: false),
            new("k1", "stage-0", "RUN pip install -r requirements.txt", 300, ExpectedCached: false),
            new("k2", "stage-0", "COPY . .", 2, ExpectedCached: true),
        ];
        var table = Render<StepTable>(p => p
            .Add(t => t.Steps, [Step(0, "FROM python:3.11@sha256:1111", cached: true, ms: 5)])
            .Add(t => t.Now, Now)
            .Add(t => t.Planned, plan));

        var pending = table.FindAll("[data-testid=planned-row]");
        Assert.Equal(["k1", "k2"], pending.Select(r => r.GetAttribute("data-key")));
        Assert.All(pending, r => Assert.Contains("step-pending", r.ClassList));
        Assert.Equal(["~5 min", "~0 s"], pending.Select(r => r.QuerySelector("[data-testid=planned-duration]")!.TextContent));
        Assert.Equal(["pending", "pending (cached?)"], pending.Select(r => r.QuerySelector("[data-testid=planned-state]")!.TextContent));
        // Only the step expected to run counts towards the ETA: five minutes from now.
        Assert.Contains("09:05:00", table.Find("[data-testid=eta]").TextContent);
    }

    [Fact]
    public void Should_list_a_queued_builds_whole_plan_before_any_step_is_reported()
    {
        var table = Render<StepTable>(p => p
            .Add(t => t.Steps, [])
            .Add(t => t.Now, Now)
            .Add(t => t.Planned, [new PlannedStepView("k1", "stage-0", "RUN make", 30, false), new("k2", "stage-0", "RUN test", 60, false)]));

        Assert.Equal(2, table.FindAll("[data-testid=planned-row]").Count);
        Assert.Empty(table.FindAll("[data-testid=no-steps]"));
        Assert.Contains("09:01:30 UTC if it starts now", table.Find("[data-testid=eta]").TextContent);
    }

    [Fact]
    public void Should_say_not_reached_for_planned_steps_of_a_build_that_ended()
    {
        var table = Render<StepTable>(p => p
            .Add(t => t.Steps, [Step(0, "RUN make", cached: false, ms: 5) with { Key = "k1", Status = "cancelled" }])
            .Add(t => t.Now, Now)
            .Add(t => t.Final, true)
            .Add(t => t.Planned, [new PlannedStepView("k1", "stage-0", "RUN make", 30, false), new("k2", "stage-0", "RUN test", 30, false)]));

        Assert.Equal("not reached", table.Find("[data-testid=planned-row] [data-testid=planned-state]").TextContent);
        Assert.Equal("–", table.Find("[data-testid=planned-row] [data-testid=planned-duration]").TextContent);
        Assert.Empty(table.FindAll("[data-testid=eta]"));
    }

    static StepView Step(int index, string instruction, bool cached, long? ms) =>
        new(index, null, instruction, cached, ms, cached ? "cached" : "done", null, Now.AddMinutes(-1),
            ms is null ? null : Now.AddMinutes(-1).AddMilliseconds(ms.Value));

    IRenderedComponent<StepTable> Render(params StepView[] steps) =>
        Render<StepTable>(p => p.Add(t => t.Steps, steps).Add(t => t.Now, Now));

    static IReadOnlyList<IElement> Rows(IRenderedComponent<StepTable> table) => table.FindAll("[data-testid=step-row]");

    static double BarWidth(IElement row) =>
        double.Parse(BarPattern().Match(row.QuerySelector("[data-testid=duration-bar]")!.GetAttribute("style")!).Groups[1].Value,
            CultureInfo.InvariantCulture);

    [GeneratedRegex("width: ([0-9.]+)%")]
    private static partial Regex BarPattern();
}
