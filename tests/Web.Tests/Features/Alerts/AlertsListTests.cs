using BuildFarm.Web.Features.Alerts;
using BuildFarm.Web.Tests.Components;
using Bunit;
using Microsoft.EntityFrameworkCore;

namespace BuildFarm.Web.Tests.Features.Alerts;

/// <summary>The alerts list and the bell, rendered interactive from a real database, without a browser.</summary>
public sealed class AlertsListTests : IAsyncLifetime
{
    readonly FarmComponents _farm = new();

    public Task InitializeAsync() => _farm.InitializeAsync();

    Task IAsyncLifetime.DisposeAsync() => ((IAsyncLifetime)_farm).DisposeAsync();

    [Fact]
    public async Task Should_count_unread_alerts_on_the_bell_and_mark_one_read_from_the_list()
    {
        var first = AlertsApiTests.NewAlert(DateTimeOffset.UtcNow.AddMinutes(-2));
        var second = AlertsApiTests.NewAlert(DateTimeOffset.UtcNow.AddMinutes(-1));
        await _farm.SeedAsync(first, second);

        var bell = _farm.Render<AlertBell>();
        var list = _farm.Render<AlertsList>();

        // Rendered while the first read is still on its way (PostgreSQL answers asynchronously): wait for it.
        Assert.Equal("2", bell.WaitForElement("[data-testid=alert-count]").TextContent);
        list.WaitForElement("[data-testid=alert]");
        Assert.Equal("Alerts: 2 unread", bell.Find("[data-testid=alert-bell]").GetAttribute("aria-label"));
        Assert.Equal(2, list.FindAll("[data-testid=alert][data-read=false]").Count);
        Assert.Contains(second.Title, list.FindAll("[data-testid=alert]")[0].TextContent);
        Assert.Contains("Likely cause: The tag was pushed again upstream.", list.FindAll("[data-testid=alert]")[0].TextContent);

        await list.FindAll("[data-testid=mark-read]")[0].ClickAsync(new());

        list.WaitForAssertion(() => Assert.Single(list.FindAll("[data-testid=alert][data-read=false]")));
        Assert.NotNull(await _farm.Database.WithDbAsync(db => db.Alerts.Where(a => a.Id == second.Id).Select(a => a.ReadAt).SingleAsync()));
        Assert.Equal("1 unread", list.Find("[data-testid=alerts-unread]").TextContent);
    }

    [Fact]
    public async Task Should_mark_all_read_and_leave_the_bell_without_a_count()
    {
        await _farm.SeedAsync(AlertsApiTests.NewAlert(DateTimeOffset.UtcNow));
        var list = _farm.Render<AlertsList>();

        await list.WaitForElement("[data-testid=mark-all-read]").ClickAsync(new());

        list.WaitForAssertion(() => Assert.Equal("0 unread", list.Find("[data-testid=alerts-unread]").TextContent));
        var bell = _farm.Render<AlertBell>();
        bell.WaitForAssertion(() => Assert.Equal("0", bell.Find("[data-testid=alert-bell]").GetAttribute("data-unread")));
        Assert.Empty(bell.FindAll("[data-testid=alert-count]"));
    }
}
