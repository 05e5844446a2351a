using BuildFarm.Data;
using BuildFarm.Web.Features.Bases;
using BuildFarm.Web.Tests.Components;
using BuildFarm.Web.Tests.Features.Builds;
using Bunit;

namespace BuildFarm.Web.Tests.Features.Bases;

/// <summary>The bases page rendered from a real database, without a browser.</summary>
public sealed class BasesPageTests : IAsyncLifetime
{
    const string Reference = "localhost:5000/demo/cuda:12.1-runtime";
    const string Old = BasesApiTests.Old;
    const string New = BasesApiTests.New;
    static readonly DateTimeOffset T0 = DateTimeOffset.UtcNow.AddDays(-3);

    readonly FarmComponents _farm = new();

    public Task InitializeAsync() => _farm.InitializeAsync();

    Task IAsyncLifetime.DisposeAsync() => ((IAsyncLifetime)_farm).DisposeAsync();

    [Fact]
    public async Task Should_show_each_tag_with_its_pinned_line_a_copy_button_its_history_and_the_drift_events()
    {
        var built = SeededBuild.Finished("agent-1");
        await _farm.SeedAsync(built,
            new ImageDigest { Reference = Reference, Digest = Old, FirstSeenAt = T0, LastSeenAt = T0.AddHours(5) },
            new ImageDigest { Reference = Reference, Digest = New, FirstSeenAt = T0.AddDays(1), LastSeenAt = T0.AddDays(2) },
            new BuildBase { BuildId = built.Id, Reference = Reference, Digest = Old });

        var page = _farm.Render<BasesPage>();

        var entry = page.WaitForElement($"[data-testid=base][data-reference='{Reference}']");
        Assert.Equal(New, entry.QuerySelector("[data-testid=base-digest]")!.TextContent);
        Assert.Equal($"FROM {Reference}@{New}", entry.QuerySelector("[data-testid=base-pinned]")!.GetAttribute("value"));
        Assert.Contains("clipboard", entry.QuerySelector("[data-testid=copy-pinned]")!.GetAttribute("onclick"));
        var rows = entry.QuerySelectorAll("[data-testid=base-history]");
        Assert.Equal([New, Old], rows.Select(r => r.GetAttribute("data-digest")));
        Assert.Equal("bbbbbbbbbbbb", rows[0].QuerySelector("[data-testid=history-digest]")!.TextContent);
        Assert.Contains($"builds/{built.Id}", rows[1].InnerHtml);
        var drift = page.Find("[data-testid=drift-event]");
        Assert.Contains("moved from aaaaaaaaaaaa to bbbbbbbbbbbb", System.Text.RegularExpressions.Regex.Replace(drift.TextContent, @"\s+", " "));
        Assert.Contains("1 build on the old digest", drift.TextContent);
        Assert.Empty(page.FindAll("[data-testid=base-error]"));
    }

    [Fact]
    public async Task Should_say_why_the_watch_could_not_check_a_tag_and_keep_showing_its_last_digest()
    {
        await _farm.SeedAsync(
            new ImageDigest { Reference = Reference, Digest = Old, FirstSeenAt = T0, LastSeenAt = T0 },
            new BaseCheck { Reference = Reference, CheckedAt = T0.AddHours(1), Error = "registry localhost:5000 could not be reached: Connection refused" });

        var page = _farm.Render<BasesPage>();

        Assert.Equal(Old, page.WaitForElement("[data-testid=base-digest]").TextContent);
        Assert.Matches(@"^The registry could not be asked at \d{4}-\d\d-\d\d \d\d:\d\d UTC: registry localhost:5000 could not be reached: Connection refused\. The digest shown is the last one seen, at .+ UTC\.$",
            page.Find("[data-testid=base-error]").TextContent);
    }

    [Fact]
    public void Should_say_so_when_no_build_has_used_a_base() =>
        Assert.Contains("No build has used a base image yet", _farm.Render<BasesPage>().WaitForElement("[data-testid=no-bases]").TextContent);
}
