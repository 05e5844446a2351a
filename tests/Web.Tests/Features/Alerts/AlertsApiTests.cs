using System.Net;
using System.Net.Http.Json;
using BuildFarm.Data;
using BuildFarm.Shared.Alerts;
using BuildFarm.Web.Features.Alerts;
using Microsoft.EntityFrameworkCore;

namespace BuildFarm.Web.Tests.Features.Alerts;

[Collection(WebCollection.Name)]
public class AlertsApiTests(WebFixture web)
{
    [Fact]
    public async Task Should_list_alerts_newest_first_and_mark_one_read_once()
    {
        var older = NewAlert(DateTimeOffset.UtcNow.AddMinutes(-2));
        var newer = NewAlert(DateTimeOffset.UtcNow.AddMinutes(-1));
        await web.WithDbAsync(db => AlertStore.RaiseAsync(db, older, default));
        await web.WithDbAsync(db => AlertStore.RaiseAsync(db, newer, default));
        using var client = web.ApiClient();

        var list = (await client.GetFromJsonAsync<AlertList>("/api/alerts?limit=1000"))!;
        var read = await client.PostAsync($"/api/alerts/{older.Id}/read", null);
        var firstRead = await web.WithDbAsync(db => db.Alerts.Where(a => a.Id == older.Id).Select(a => a.ReadAt).SingleAsync());
        await client.PostAsync($"/api/alerts/{older.Id}/read", null);
        var unread = (await client.GetFromJsonAsync<AlertList>("/api/alerts?unread=true&limit=1000"))!;

        var mine = list.Alerts.Where(a => a.Id == older.Id || a.Id == newer.Id).ToList();
        Assert.Equal([newer.Id, older.Id], mine.Select(a => a.Id));
        Assert.Equal((newer.Title, newer.Detail, newer.LikelyCause, newer.Reference), (mine[0].Title, mine[0].Detail, mine[0].LikelyCause, mine[0].Reference));
        Assert.Equal(HttpStatusCode.NoContent, read.StatusCode);
        Assert.NotNull(firstRead);
        Assert.Equal(firstRead, await web.WithDbAsync(db => db.Alerts.Where(a => a.Id == older.Id).Select(a => a.ReadAt).SingleAsync()));
        Assert.Contains(unread.Alerts, a => a.Id == newer.Id);
        Assert.DoesNotContain(unread.Alerts, a => a.Id == older.Id);
        Assert.Equal(unread.Unread, await web.WithDbAsync(db => db.Alerts.CountAsync(a => a.ReadAt == null)));
    }

    [Fact]
    public async Task Should_store_an_alert_raised_twice_under_one_key_once()
    {
        var alert = NewAlert(DateTimeOffset.UtcNow);
        var twin = NewAlert(DateTimeOffset.UtcNow);
        twin.Key = alert.Key;

        var stored = await web.WithDbAsync(db => AlertStore.RaiseAsync(db, alert, default));
        var again = await web.WithDbAsync(db => AlertStore.RaiseAsync(db, twin, default));

        Assert.True(stored);
        Assert.False(again);
        Assert.Equal(1, await web.WithDbAsync(db => db.Alerts.CountAsync(a => a.Key == alert.Key)));
    }

    [Fact]
    public async Task Should_answer_404_for_an_unknown_alert_and_mark_all_read()
    {
        var alert = NewAlert(DateTimeOffset.UtcNow);
        await web.WithDbAsync(db => AlertStore.RaiseAsync(db, alert, default));
        using var client = web.ApiClient();

        var unknown = await client.PostAsync($"/api/alerts/{Guid.NewGuid()}/read", null);
        var all = await client.PostAsync("/api/alerts/read", null);

        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, all.StatusCode);
        Assert.Equal(0, (await client.GetFromJsonAsync<AlertList>("/api/alerts"))!.Unread);
        Assert.NotNull(await web.WithDbAsync(db => db.Alerts.Where(a => a.Id == alert.Id).Select(a => a.ReadAt).SingleAsync()));
    }

    [Fact]
    public async Task Should_refuse_the_alerts_api_without_the_admin_token() =>
        Assert.Equal(HttpStatusCode.Unauthorized, (await web.CreateClient().GetAsync("/api/alerts")).StatusCode);

    internal static Alert NewAlert(DateTimeOffset at) => new()
    {
        Key = $"{AlertKinds.BaseMoved}:test:{Guid.NewGuid():N}",
        Kind = AlertKinds.BaseMoved,
        RaisedAt = at,
        Title = $"Base tag moved {Guid.NewGuid():N}",
        Detail = "registry.example.com/ml/base:1 now points at sha256:bbbb (was sha256:aaaa).",
        LikelyCause = "The tag was pushed again upstream.",
        Reference = "registry.example.com/ml/base:1",
    };
}
