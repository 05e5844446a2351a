using System.Globalization;
using System.Text.Json;
using BuildFarm.EndToEnd.Farm;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace BuildFarm.EndToEnd.Dashboard;

/// <summary>The insights page in a real browser on a farm with real finished builds: the charts are drawn from the
/// stored rows, and what a hover shows is what GET /api/insights/series answers.</summary>
[Collection(FarmCollection.Name)]
public class InsightsPageTests(FarmFixture farm) : IAsyncLifetime
{
    const string Duration = "chart-duration";
    const string HitRate = "chart-hit-rate";
    const string Outcomes = "chart-outcomes";
    /// <summary>The FROM of demo/Dockerfile, which the end-to-end farm's demo repository holds.</summary>
    const string DemoBase = "localhost:5000/demo/cuda:12.1-runtime";
    Browser? browser;

    public async Task InitializeAsync()
    {
        if (farm.Services is not null)
            browser = await Browser.LaunchAsync();
    }

    [EndToEndFact]
    public async Task Should_draw_the_charts_from_real_builds_with_tooltips_that_match_the_api()
    {
        // Two builds of a copy of the demo: the second finds the first's steps cached, so the hit rate has something to
        // say. A copy of its own: the dashboard test needs the shared demo uncached to watch its steps run.
        var repository = farm.NewRepository("insights");
        var built = new List<Guid>();
        for (var i = 0; i < 2; i++)
        {
            var id = await farm.Api.SubmitAsync(repository.Url);
            var finished = await farm.Api.WaitForFinishAsync(id);
            Assert.True(finished.Status == "succeeded", FarmApi.Describe(finished));
            built.Add(id);
        }
        var now = DateTimeOffset.UtcNow;
        var query = $"from={Uri.EscapeDataString(now.AddHours(-3).ToString("O"))}&to={Uri.EscapeDataString(now.AddHours(1).ToString("O"))}&bucket=hour";

        var page = await browser!.OpenAsync(farm, $"insights?{query}");
        await page.WaitForFunctionAsync($"() => globalThis.farmInsights?.['{Duration}']?.getDatasetMeta(0).data.length > 0");
        var series = (await farm.Api.GetJsonAsync($"/api/insights/series?{query}")).GetProperty("series");
        var index = LastBucketWithBuilds(series);
        var point = series[index];

        var duration = await HoverAsync(page, Duration, index);
        AssertShown(point.GetProperty("p50Ms").GetInt64() / 1000.0, Number(duration, "p50"));
        AssertShown(point.GetProperty("p95Ms").GetInt64() / 1000.0, Number(duration, "p95"));
        var hitRate = await HoverAsync(page, HitRate, index);
        AssertShown(point.GetProperty("cacheHitRate").GetDouble() * 100, Number(hitRate, "cache hit rate"));
        Assert.True(Number(hitRate, "cache hit rate") > 0, "the rebuild's cached steps count as hits");
        var outcomes = await HoverAsync(page, Outcomes, index);
        Assert.Equal(point.GetProperty("succeeded").GetInt32(), Number(outcomes, "succeeded"));

        // A click on the bucket lists its builds: the latest bucket with builds holds the build queued last, ours.
        var (x, y) = await PointAsync(page, Outcomes, index);
        await page.Mouse.ClickAsync(x, y);
        var listed = page.GetByTestId("bucket-build");
        await Expect(listed.First).ToBeVisibleAsync();
        Assert.Equal(point.GetProperty("builds").GetInt32(), Math.Min(100, await listed.CountAsync()));
        await Expect(page.Locator($"[data-testid=bucket-builds] a[href='builds/{built[^1]}']")).ToHaveCountAsync(1);

        // The base filter finds builds by the bases their plans used, recorded at submit.
        var onDemoBase = (await farm.Api.GetJsonAsync($"/api/insights/series?{query}&base={Uri.EscapeDataString(DemoBase)}")).GetProperty("series");
        var onOtherBase = (await farm.Api.GetJsonAsync($"/api/insights/series?{query}&base=localhost:5000/none:1")).GetProperty("series");
        Assert.InRange(onDemoBase[index].GetProperty("builds").GetInt32(), 2, point.GetProperty("builds").GetInt32());
        Assert.All(onOtherBase.EnumerateArray(), p => Assert.Equal(0, p.GetProperty("builds").GetInt32()));

        await Screenshots.TakeAsync(page, Path.Combine(farm.RunDir, "screenshots"), "insights");
    }

    static int LastBucketWithBuilds(JsonElement series)
    {
        for (var i = series.GetArrayLength() - 1; i >= 0; i--)
        {
            if (series[i].GetProperty("builds").GetInt32() > 0 && series[i].GetProperty("p50Ms").ValueKind == JsonValueKind.Number)
                return i;
        }
        throw new InvalidOperationException($"no bucket with finished builds in {series}");
    }

    /// <summary>Where Chart.js drew the point (or bar) of a bucket, in page coordinates.</summary>
    static async Task<(float X, float Y)> PointAsync(IPage page, string chart, int index)
    {
        var xy = await page.EvaluateAsync<float[]>(
            "([id, i]) => { const c = globalThis.farmInsights[id]; const p = c.getDatasetMeta(0).data[i]; const r = c.canvas.getBoundingClientRect(); return [r.left + p.x, r.top + p.y]; }",
            new object[] { chart, index });
        return (xy[0], xy[1]);
    }

    /// <summary>Moves the mouse onto a bucket and reads the tooltip Chart.js shows for it, line by line.</summary>
    static async Task<string[]> HoverAsync(IPage page, string chart, int index)
    {
        await page.Locator($"#{chart}").ScrollIntoViewIfNeededAsync();
        var (x, y) = await PointAsync(page, chart, index);
        await page.Mouse.MoveAsync(x, y);
        await page.WaitForFunctionAsync(
            "([id, i]) => { const t = globalThis.farmInsights[id].tooltip; return t.opacity > 0 && t.dataPoints?.[0]?.dataIndex === i; }",
            new object[] { chart, index });
        return await page.EvaluateAsync<string[]>(
            "id => globalThis.farmInsights[id].tooltip.body.flatMap(b => b.lines)", chart);
    }

    /// <summary>The number of a tooltip line "label: 12.5 s".</summary>
    /// <summary>The tooltip shows one decimal (JavaScript's toFixed), so the number shown lies within half a tenth of
    /// the API's exact value; comparing both rounded would differ on a midpoint (4.45 s shows as 4.5, rounds to 4.4).</summary>
    static void AssertShown(double exact, double shown) =>
        Assert.True(Math.Abs(exact - shown) <= 0.05 + 1e-9, $"the tooltip shows {shown}, the API says {exact}");

    static double Number(string[] lines, string label)
    {
        var line = lines.Single(l => l.StartsWith(label + ": ", StringComparison.Ordinal));
        return double.Parse(line[(label.Length + 2)..].Split(' ')[0], CultureInfo.InvariantCulture);
    }

    public async Task DisposeAsync()
    {
        if (browser is not null)
            await browser.DisposeAsync();
    }
}
