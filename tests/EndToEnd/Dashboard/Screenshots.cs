using Microsoft.Playwright;

namespace BuildFarm.EndToEnd.Dashboard;

/// <summary>Keeps what a page looked like on a desktop and a phone screen (the viewport, as a person sees it), for a
/// person to look at after a fault test (kept with the run's logs under .farm-test).</summary>
public static class Screenshots
{
    static readonly (string Name, int Width, int Height)[] Widths = [("1400", 1400, 1000), ("390", 390, 844)];

    public static async Task<IReadOnlyList<string>> TakeAsync(IPage page, string folder, string name)
    {
        Directory.CreateDirectory(folder);
        var taken = new List<string>();
        foreach (var (width, w, h) in Widths)
        {
            await page.SetViewportSizeAsync(w, h);
            var path = Path.Combine(folder, $"{name}-{width}.png");
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = path });
            taken.Add(path);
        }
        await page.SetViewportSizeAsync(Widths[0].Width, Widths[0].Height);
        return taken;
    }
}
