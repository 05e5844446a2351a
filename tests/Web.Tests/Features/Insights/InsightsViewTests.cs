using BuildFarm.Web.Features.Insights;
using BuildFarm.Web.Tests.Components;
using Bunit;

namespace BuildFarm.Web.Tests.Features.Insights;

/// <summary>The insights page's interactive view in bUnit, with the chart module's JS calls recorded instead of drawn.</summary>
public sealed class InsightsViewTests : IAsyncLifetime
{
    readonly FarmComponents _farm = new();

    public async Task InitializeAsync()
    {
        await _farm.InitializeAsync();
        await _farm.Database.WithDbAsync(InsightsSample.SeedAsync);
    }

    Task IAsyncLifetime.DisposeAsync() => ((IAsyncLifetime)_farm).DisposeAsync();

    IRenderedComponent<InsightsView> Render(string? bucket = "day")
    {
        var view = _farm.Render<InsightsView>(p => p
            .Add(v => v.From, "2026-11-01T00:00:00Z")
            .Add(v => v.To, "2026-11-03T00:00:00Z")
            .Add(v => v.Bucket, bucket));
        return view;
    }

    [Fact]
    public async Task Should_draw_five_charts_from_the_series_in_display_units()
    {
        var module = _farm.JSInterop.SetupModule("./insights.js");
        module.SetupVoid("draw", _ => true).SetVoidResult();

        var view = Render();

        // The charts are drawn after the render that shows their canvases, so no later render would wake a bUnit wait.
        await DrawnAsync(module, 5);
        // A reload (the view polls) draws the five again: the latest drawing of each chart is what the page shows.
        var specs = module.Invocations["draw"].TakeLast(5).Select(i => (ChartSpec)i.Arguments[1]!).ToDictionary(s => s.Id);
        Assert.Equal(["chart-hit-rate", "chart-duration", "chart-queue", "chart-outcomes", "chart-saved"], specs.Keys);
        Assert.Equal([50.0, 100.0], specs["chart-hit-rate"].Datasets[0].Data);
        Assert.Equal([200.0, 50.0], specs["chart-duration"].Datasets[0].Data);
        Assert.Equal([400.0, 50.0], specs["chart-duration"].Datasets[1].Data);
        Assert.Equal([3.0, 1.0], specs["chart-outcomes"].Datasets[0].Data);
        Assert.Equal(["Nov 1", "Nov 2"], specs["chart-saved"].Labels);
        Assert.Equal(5, view.FindAll("canvas").Count);
        var controls = view.FindAll("[data-testid=insights-filters] select, [data-testid=insights-filters] input");
        Assert.Equal(7, controls.Count);
        Assert.All(controls, c => Assert.Equal("LABEL", c.ParentElement!.TagName));
    }

    static async Task DrawnAsync(BunitJSModuleInterop module, int count)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (module.Invocations["draw"].Count < count)
        {
            Assert.True(DateTime.UtcNow < deadline, $"{count} charts were not drawn within 30 s");
            await Task.Delay(50);
        }
    }

    [Fact]
    public void Should_fill_the_tables_and_list_a_clicked_buckets_builds()
    {
        _farm.JSInterop.SetupModule("./insights.js");
        var view = Render();
        view.WaitForState(() => view.FindAll("[data-testid=causes-table] tbody tr").Count > 0, TimeSpan.FromSeconds(30));

        Assert.Equal(["files-changed", "base-moved", "no-cache"],
            view.FindAll("[data-testid=causes-table] tbody tr td:first-child").Select(td => td.TextContent));
        Assert.Equal(3, view.FindAll("[data-testid=slowest-table] tbody tr").Count);
        Assert.Contains("node-1", view.Find("[data-testid=agents-table]").TextContent);

        view.InvokeAsync(() => view.Instance.ShowBucket("2026-11-01T00:00:00.0000000Z"));

        view.WaitForAssertion(() => Assert.Equal(5, view.FindAll("[data-testid=bucket-build]").Count));
        Assert.Contains("2026-11-01", view.Find("[data-testid=bucket-builds] h2").TextContent);
    }

    [Fact]
    public void Should_say_which_parameter_is_wrong_instead_of_drawing()
    {
        var module = _farm.JSInterop.SetupModule("./insights.js");

        var view = Render(bucket: "week");

        view.WaitForAssertion(() => Assert.Contains("'bucket'", view.Find("[data-testid=insights-error]").TextContent), TimeSpan.FromSeconds(30));
        Assert.Empty(view.FindAll("canvas"));
        Assert.Empty(module.Invocations["draw"]);
    }
}
