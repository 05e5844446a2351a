using System.Globalization;
using System.Text.RegularExpressions;
using BuildFarm.Web.Features.Builds;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace BuildFarm.Web.Tests.Features.Builds;

public partial class StepTableTests
{
    static readonly DateTimeOffset Now = new(2026, 3, 1, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Should_mark_cached_steps_and_only_those()
    {
        var html = await Render(
            Step(0, "FROM base", cached: true, ms: 10),
            Step(1, "RUN make", cached: false, ms: 4000),
            Step(2, "COPY . /src", cached: true, ms: 20));

        var rows = Rows(html);
        Assert.Equal(3, rows.Count);
        Assert.Equal(["true", "false", "true"], rows.Select(r => Attribute(r, "data-cached")));
        Assert.Equal([true, false, true], rows.Select(r => r.Contains(">CACHED<")));
    }

    [Fact]
    public async Task Should_scale_each_duration_bar_to_the_longest_step()
    {
        var html = await Render(
            Step(0, "FROM base", cached: true, ms: 0),
            Step(1, "RUN pip install torch", cached: false, ms: 8000),
            Step(2, "RUN python -c 'import torch'", cached: false, ms: 2000));

        Assert.Equal([0.5, 100, 25], Rows(html).Select(BarWidth));
        Assert.Contains("8.0 s", html);
        Assert.Contains("2.0 s", html);
    }

    [Fact]
    public async Task Should_grow_a_running_step_against_the_clock()
    {
        var running = Step(1, "RUN long", cached: false, ms: null) with { Status = "running", StartedAt = Now.AddSeconds(-6) };

        var html = await Render(Step(0, "FROM base", cached: false, ms: 3000), running);

        var rows = Rows(html);
        Assert.Equal("running", Attribute(rows[1], "data-status"));
        Assert.Equal([50, 100], rows.Select(BarWidth));
        Assert.Contains("6.0 s", rows[1]);
    }

    [Fact]
    public async Task Should_show_a_failed_step_with_its_error()
    {
        var failed = Step(1, "RUN exit 3", cached: false, ms: 150) with { Status = "failed", Error = "exit code: 3" };

        var html = await Render(Step(0, "FROM base", cached: true, ms: 1), failed);

        var row = Rows(html)[1];
        Assert.Equal("failed", Attribute(row, "data-status"));
        Assert.Contains("exit code: 3", row);
        Assert.DoesNotContain("CACHED", row);
    }

    [Fact]
    public async Task Should_say_when_there_are_no_steps_yet()
    {
        var html = await Render();

        Assert.Contains("data-testid=\"no-steps\"", html);
        Assert.Empty(Rows(html));
    }

    static StepView Step(int index, string instruction, bool cached, long? ms) =>
        new(index, null, instruction, cached, ms, cached ? "cached" : "done", null, "", Now.AddMinutes(-1), ms is null ? null : Now.AddMinutes(-1).AddMilliseconds(ms.Value));

    static async Task<string> Render(params StepView[] steps)
    {
        await using var services = new ServiceCollection().BuildServiceProvider();
        await using var renderer = new HtmlRenderer(services, NullLoggerFactory.Instance);
        return await renderer.Dispatcher.InvokeAsync(async () =>
        {
            var parameters = ParameterView.FromDictionary(new Dictionary<string, object?>
            {
                [nameof(StepTable.Steps)] = steps,
                [nameof(StepTable.Now)] = Now,
            });
            return (await renderer.RenderComponentAsync<StepTable>(parameters)).ToHtmlString();
        });
    }

    static List<string> Rows(string html) => RowPattern().Matches(html).Select(m => m.Value).ToList();

    static string Attribute(string element, string name) =>
        Regex.Match(element, $"{name}=\"([^\"]*)\"").Groups[1].Value;

    static double BarWidth(string row) =>
        double.Parse(BarPattern().Match(row).Groups[1].Value, CultureInfo.InvariantCulture);

    [GeneratedRegex("<tr data-testid=\"step-row\".*?</tr>", RegexOptions.Singleline)]
    private static partial Regex RowPattern();

    [GeneratedRegex("data-testid=\"duration-bar\"[^>]*style=\"width: ([0-9.]+)%")]
    private static partial Regex BarPattern();
}
